package care.ketamine.session.lifecycle;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

@ConfigMapping(prefix = "sessions")
public interface SessionSettings {

    /** A device token lives this long past the session's scheduled end (or past now, when it runs late). */
    Duration deviceTokenMargin();

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
