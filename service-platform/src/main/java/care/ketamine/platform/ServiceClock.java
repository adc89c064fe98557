package care.ketamine.platform;

import care.ketamine.platform.time.HostClock;
import care.ketamine.platform.time.ServiceTime;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The one clock services hand to their domain rules: {@link ServiceTime}, monotonic and kept with the
 * database's clock. Tests replace it with a settable one.
 */
@ApplicationScoped
public class ServiceClock {

    @Produces
    @Singleton
    HostClock host(@ConfigProperty(name = "service.clock.host-step-file") Optional<Path> stepFile) {
        return new HostClock(stepFile);
    }

    @Produces
    @Singleton
    @Typed(ServiceTime.class)
    ServiceTime serviceTime(HostClock host) {
        return new ServiceTime(host.instant(), System::nanoTime);
    }

    @Produces
    @Singleton
    @DefaultBean
    Clock clock(ServiceTime serviceTime) {
        return serviceTime;
    }
}
