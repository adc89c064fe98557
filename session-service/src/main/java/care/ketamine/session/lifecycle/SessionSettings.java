package care.ketamine.session.lifecycle;

import io.smallrye.config.ConfigMapping;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "sessions")
public interface SessionSettings {

    /** A device token lives this long past the session's scheduled end (or past now, when it runs late). */
    Duration deviceTokenMargin();

    /** Check-in prompts go out this often from the dose... */
    int checkInEveryMinutes();

    /** ...for this long. */
    int checkInForMinutes();

    /** vitals-service's address as phones reach it, for the patients' and sitters' app; empty: the app's own origin. */
    Optional<URI> vitalsUrl();

    /** The app's address in pairing QR codes; empty: the address the clinician's browser used. */
    Optional<URI> appUrl();

    /** Default length of each session type, in minutes; a DOSING session is never shorter than 150. */
    Durations duration();

    interface Durations {
        int preparation();

        int dosing();

        int integration();
    }
}
