package care.ketamine.intake.domain;

/**
 * Absolute contraindications to at-home ketamine (clinical reference, "Screening": Hull 2022,
 * Joyous, label). Any one makes a patient INELIGIBLE for at-home care.
 */
public enum Contraindication {
    SUBSTANCE_USE_DISORDER("current substance dependence or a history of opioid use disorder"),
    UNCONTROLLED_HYPERTENSION("uncontrolled hypertension"),
    ANEURYSMAL_VASCULAR_DISEASE("aneurysmal vascular disease"),
    ARTERIOVENOUS_MALFORMATION("arteriovenous malformation"),
    INTRACEREBRAL_HAEMORRHAGE_HISTORY("a history of intracerebral haemorrhage"),
    RAISED_INTRACRANIAL_PRESSURE_RISK("a risk of raised intracranial pressure"),
    BLADDER_OR_CYSTITIS("a urological condition (bladder, cystitis)"),
    PSYCHOSIS_OR_MANIA("past or active psychosis or mania"),
    PREGNANT_OR_NURSING("pregnancy or nursing");

    private final String description;

    Contraindication(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
