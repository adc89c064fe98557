package care.ketamine.session.app;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Where the app finds vitals-service")
public record AppConfig(@Schema(description = "vitals-service's address as phones reach it; empty for this origin")
                        String vitalsUrl) {
}
