package care.ketamine.intake.domain;

import java.util.Optional;

/**
 * Who may see which part of a patient's record. Clinical data is for the patient's care team (the
 * evaluating clinician, a clinician scheduled with the patient) and admins; intake staff keep what
 * registration needs: the registration details they enter and correct, and the entry of follow-up
 * measures. Screening entry is intake's by role and is not decided here.
 */
public final class CareAccess {

    /** A part of a patient's record. */
    public enum Part {
        REGISTRATION("registration details"),
        SCREENINGS("screenings"),
        PLANS("treatment plans"),
        TRAJECTORY("outcome trajectory"),
        /** Entering a follow-up measure: its answer shows the change from baseline. */
        FOLLOW_UP_ENTRY("follow-up measures");

        private final String words;

        Part(String words) {
            this.words = words;
        }
    }

    private CareAccess() {
    }

    /** Why this caller may not see this part of the record; empty when they may. */
    public static Optional<String> refusal(String role, boolean inCareTeam, Part part) {
        return switch (role) {
            case "admin" -> Optional.empty();
            case "clinician" -> inCareTeam ? Optional.empty() : Optional.of("only the patient's care team (the evaluating "
                    + "clinician or a clinician scheduled with the patient) may see the patient's " + part.words);
            case "intake" -> part == Part.REGISTRATION || part == Part.FOLLOW_UP_ENTRY ? Optional.empty()
                    : Optional.of("intake staff see registration details, not the patient's " + part.words);
            default -> Optional.of("this role may not see the patient's " + part.words);
        };
    }
}
