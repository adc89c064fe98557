package care.ketamine.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Spans for work that no instrumentation sees: a record of a poll evaluated, a page delivered from its row. Each
 * continues the trace it was given ({@link TraceContext}), so one reading's trace runs from the device's POST to
 * the page. With tracing off (the SDK disabled) they cost next to nothing and record nothing.
 */
@ApplicationScoped
public class Traces {

    private final Tracer tracer;

    public Traces(Tracer tracer) {
        this.tracer = tracer;
    }

    /** A span in the given trace, not yet current; the caller ends it. */
    public Span start(String name, Context parent) {
        return tracer.spanBuilder(name).setParent(parent).startSpan();
    }

    /** Runs the work in a span of the given trace, current while it runs; a failure is marked on the span. */
    public void inSpan(String name, Context parent, Runnable work) {
        Span span = start(name, parent);
        try (Scope ignored = span.makeCurrent()) {
            work.run();
        } catch (RuntimeException failed) {
            failed(span, failed);
            throw failed;
        } finally {
            span.end();
        }
    }

    /** Marks the span failed, with what failed (never a message: it may hold a patient's values). */
    public static void failed(Span span, Throwable failure) {
        span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
    }
}
