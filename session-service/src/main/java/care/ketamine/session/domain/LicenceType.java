package care.ketamine.session.domain;

/** The licences the program's clinicians hold. Only prescribers may approve a plan or authorize a dose. */
public enum LicenceType {
    MD(true), DO(true), NP(true), PA(true), PsyD(false), PhD(false), LCSW(false), LMFT(false), LPC(false);

    private final boolean prescriber;

    LicenceType(boolean prescriber) {
        this.prescriber = prescriber;
    }

    public boolean prescriber() {
        return prescriber;
    }
}
