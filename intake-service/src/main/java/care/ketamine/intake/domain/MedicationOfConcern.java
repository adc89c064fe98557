package care.ketamine.intake.domain;

/** Medications a clinician must weigh before at-home ketamine. */
public enum MedicationOfConcern {
    /** May blunt ketamine's antidepressant effect and add to sedation. */
    BENZODIAZEPINE("benzodiazepine"),
    /** Raise the risk of a hypertensive reaction. */
    MAOI("MAOI"),
    /** Add to ketamine's rise in blood pressure and heart rate. */
    STIMULANT("stimulant"),
    /** Add to sedation and to the risk of respiratory depression. */
    OPIOID("opioid"),
    /**
     * Zolpidem, zaleplon, eszopiclone and the like ("Z-drugs"): sedatives acting where benzodiazepines do,
     * adding to sedation and respiratory depression.
     */
    NON_BENZODIAZEPINE_HYPNOTIC("non-benzodiazepine sedative-hypnotic, e.g. zolpidem, zaleplon, eszopiclone");

    private final String words;

    MedicationOfConcern(String words) {
        this.words = words;
    }

    /** The medication class as a clinician reads it in a reason. */
    public String words() {
        return words;
    }
}
