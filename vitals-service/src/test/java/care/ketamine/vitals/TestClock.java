package care.ketamine.vitals;

import care.ketamine.testsupport.SettableClock;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Replaces the platform's system clock in this module's tests with one a test may move forward. */
public class TestClock {

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    Clock clock() {
        return new SettableClock();
    }
}
