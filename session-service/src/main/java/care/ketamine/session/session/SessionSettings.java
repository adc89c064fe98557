package care.ketamine.session.session;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "sessions")
public interface SessionSettings {

    /** A device token lives at most this long (and never past the session's end). */
    int deviceTokenHours();

    /** Check-in prompts go out this often from the dose... */
    int checkInEveryMinutes();

    /** ...for this long. */
    int checkInForMinutes();

    /** Default length of each session type, in minutes; a DOSING session is never shorter than 150. */
    Durations duration();

    interface Durations {
        int preparation();

        int dosing();

        int integration();
    }
}
