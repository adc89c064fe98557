package care.ketamine.platform.address;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The emergency numbers by country as the shared configuration sets them (see {@link EmergencyNumbers}). */
@ApplicationScoped
public class EmergencyNumbersSetting {

    @Produces
    @Singleton
    EmergencyNumbers emergencyNumbers(@ConfigProperty(name = "emergency-numbers", defaultValue = " ") String pairs,
                                      @ConfigProperty(name = "emergency-numbers.fallback", defaultValue = "112") String fallback) {
        return EmergencyNumbers.parse(pairs, fallback);
    }
}
