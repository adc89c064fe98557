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
}
