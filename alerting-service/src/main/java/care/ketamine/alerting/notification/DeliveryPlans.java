package care.ketamine.alerting.notification;

import care.ketamine.alerting.domain.DeliveryPlan;
import care.ketamine.alerting.domain.EscalationPolicy;
import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The delivery plan a step follows in this deployment: its own, else the clinic's default
 * ({@code alerting.delivery.default-plan}), each kept to the channels that are set up. A plan none of whose
 * channels is set up falls back to the default, so a page always goes somewhere (the live screens at least).
 */
// Made at startup, so a deployment that cannot page anyone away from a console stops there, not at its first alert.
@Startup
@ApplicationScoped
public class DeliveryPlans {

    private final DeliveryPlan clinicDefault;
    private final Set<String> enabled;

    public DeliveryPlans(@All List<NotificationChannel> channels,
                         @ConfigProperty(name = "alerting.delivery.default-plan") String defaultPlan,
                         @ConfigProperty(name = "alerting.delivery.require-off-screen-channel", defaultValue = "false")
                         boolean requireOffScreen) {
        this.clinicDefault = DeliveryPlan.parse(defaultPlan);
        this.enabled = channels.stream().filter(NotificationChannel::enabled).map(NotificationChannel::name)
                .collect(Collectors.toUnmodifiableSet());
        if (requireOffScreen) {
            requireOffScreen(enabled);
        }
    }

    /**
     * In production a page must be able to reach a person away from the console: the live screens alone reach only
     * those looking at one, so alerting refuses to start with nothing else set up.
     */
    static void requireOffScreen(Set<String> enabled) {
        if (enabled.stream().noneMatch(name -> !name.equals(LiveChannel.NAME))) {
            throw new IllegalStateException("No channel that reaches a person away from the console is set up (only the live "
                    + "screens): configure at least one of email, SMS/voice, push, PagerDuty or the webhook "
                    + "(alerting.delivery.require-off-screen-channel=true in this profile)");
        }
    }

    public List<DeliveryPlan.Attempt> of(EscalationPolicy.Step step) {
        if (step.delivery() != null) {
            List<DeliveryPlan.Attempt> own = step.delivery().onlyOf(enabled);
            if (!own.isEmpty()) {
                return own;
            }
            Log.warnf("step %d's delivery plan (%s) has no channel set up here: the default plan carries it",
                    step.number(), step.delivery());
        }
        List<DeliveryPlan.Attempt> fallback = clinicDefault.onlyOf(enabled);
        return fallback.isEmpty() ? List.of(new DeliveryPlan.Attempt(LiveChannel.NAME, java.time.Duration.ZERO)) : fallback;
    }

    /** The channels set up here. */
    public Set<String> enabled() {
        return enabled;
    }
}
