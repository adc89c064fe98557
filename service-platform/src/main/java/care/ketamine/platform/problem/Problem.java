package care.ketamine.platform.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem detail. {@code violations} names each field that broke a rule, so a
 * device or a form can show the reason next to the value.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "An RFC 9457 problem detail, the body of every refusal and failure. A problem may "
        + "carry members of its own beside these, e.g. the id of the record that already exists.")
public record Problem(String type, String title, int status, String detail, List<Violation> violations,
                      @Schema(hidden = true) @JsonAnyGetter Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);

    /** One broken rule: the field and what the rule says. */
    public record Violation(String field, String rule) {
    }

    /** Where the kinds of problem are named; a client may branch on {@code type}, never on {@code detail}. */
    public static final String TYPES = "https://ketamine.care/problems/";

    /**
     * The kind of problem a status stands for. A status with no kind of its own is {@code about:blank}: the
     * status alone says it (RFC 9457, 4.2.1).
     */
    public static String typeOf(int status) {
        String kind = switch (status) {
            case 400 -> "invalid-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "body-too-large";
            case 415 -> "unsupported-media-type";
            case 429 -> "too-many-requests";
            case 500 -> "server-error";
            case 503 -> "unavailable";
            default -> null;
        };
        return kind == null ? "about:blank" : TYPES + kind;
    }

    public static Problem of(Response.Status status, String detail) {
        return new Problem(typeOf(status.getStatusCode()), status.getReasonPhrase(), status.getStatusCode(), detail,
                List.of(), Map.of());
    }

    /** The same problem listing the rules that were broken. */
    public Problem withViolations(List<Violation> broken) {
        return new Problem(type, title, status, detail, List.copyOf(broken), extensions);
    }

    /** The same problem with an extension member, e.g. the id of the record that already exists. */
    public Problem with(String member, Object value) {
        Map<String, Object> more = new java.util.LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(type, title, status, detail, violations, Map.copyOf(more));
    }

    public Response toResponse() {
        return Response.status(status).type(PROBLEM_JSON).entity(this).build();
    }
}
