package care.ketamine.testsupport;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Keeps the spans a service under test exports, in memory, for a test to look at (a service's tests with tracing
 * on: {@code %test.quarkus.otel.sdk.disabled=false}). A bean of the service's test application.
 */
@ApplicationScoped
public class KeptSpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
