package care.ketamine.intake.domain;

/** Medications a clinician must weigh before at-home ketamine. */
public enum MedicationOfConcern {
    /** May blunt ketamine's antidepressant effect and add to sedation. */
    BENZODIAZEPINE,
    /** Raise the risk of a hypertensive reaction. */
    MAOI,
    /** Add to ketamine's rise in blood pressure and heart rate. */
    STIMULANT
}
