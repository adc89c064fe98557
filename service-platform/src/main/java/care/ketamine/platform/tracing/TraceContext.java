package care.ketamine.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * Carries a trace from one service to the next where no instrumentation does it for us: in the headers of a
 * record sent with a plain producer or read from a poll, and in a row that is acted on later (a page). W3C trace
 * context ({@code traceparent}), the format the instrumented HTTP and Kafka channels use.
 */
public final class TraceContext {

    public static final String HEADER = "traceparent";
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapSetter<Headers> TO_HEADERS = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };
    private static final TextMapGetter<Headers> FROM_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return () -> StreamSupport.stream(headers.spliterator(), false).map(Header::key).iterator();
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };
    private static final TextMapGetter<Map<String, String>> FROM_MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceContext() {
    }

    /** Writes the context's span into the record's headers; nothing when it has none (tracing off). */
    public static void into(Headers headers, Context context) {
        W3C.inject(context, headers, TO_HEADERS);
    }

    /** The context a record's headers carry; the root context when they carry none. */
    public static Context from(Headers headers) {
        return W3C.extract(Context.root(), headers, FROM_HEADERS);
    }

    /** The current span as a {@code traceparent} value to keep with a row; null when there is none. */
    public static String currentTraceParent() {
        if (!Span.current().getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        W3C.inject(Context.current(), carrier, Map::put);
        return carrier.get(HEADER);
    }

    /** The context a kept {@code traceparent} names; the root context for null or a value that is not one. */
    public static Context fromTraceParent(String traceParent) {
        return traceParent == null ? Context.root() : W3C.extract(Context.root(), Map.of(HEADER, traceParent), FROM_MAP);
    }
}
