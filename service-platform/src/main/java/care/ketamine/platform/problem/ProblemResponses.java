package care.ketamine.platform.problem;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Says in each service's OpenAPI document, once, what {@link ProblemMappers} and {@link BodySizeLimit} do for
 * every operation, so that resources declare only the refusals whose meaning is their own
 * (registered as mp.openapi.filter in the shared configuration):
 * <ul>
 *   <li>an operation that takes a bearer token may answer 401 (no valid token) and 403 (not for this role);</li>
 *   <li>an operation that takes a body may answer 413, and one that takes JSON 400 (unreadable or breaking the
 *   API's rules);</li>
 *   <li>every 4xx and 5xx is problem+json ({@link Problem}, one schema in components), and no 2xx or 3xx is.</li>
 * </ul>
 * An operation's own 401, 403, 400 or 413 stays as it is declared. Operations signed by a provider
 * (PagerDuty, Twilio) take no bearer token and declare their own refusals.
 */
public class ProblemResponses implements OASFilter {

    private static final String SCHEMAS = "#/components/schemas/";
    static final String SCHEMA = SCHEMAS + "Problem";

    private record Shared(String status, String name, String description) {
    }

    private static final Shared UNAUTHORIZED = new Shared("401", "Unauthorized",
            "No valid bearer token: missing, expired, revoked, signed by another issuer or for another service "
                    + "(WWW-Authenticate: Bearer)");
    private static final Shared FORBIDDEN = new Shared("403", "Forbidden",
            "Refused to this caller: the token's role may not call this operation, or the caller may not see or "
                    + "act on what it names (another clinician's session, say)");
    private static final Shared BAD_REQUEST = new Shared("400", "BadRequest",
            "The body is not valid JSON or breaks the API's rules; violations name each field and its rule");

    @Override
    public void filterOpenAPI(OpenAPI api) {
        Set<String> bearerSchemes = bearerSchemes(api.getComponents());
        Shared tooLarge = new Shared("413", "PayloadTooLarge", "The body is larger than this service accepts"
                + ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-body-size", String.class)
                .map(limit -> " (" + limit + ", quarkus.http.limits.max-body-size)").orElse(""));
        Map<String, Shared> used = new TreeMap<>();
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        api.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(operation -> {
            if (operation.getResponses() == null) {
                operation.setResponses(OASFactory.createAPIResponses());
            }
            APIResponses responses = operation.getResponses();
            if (takesBearerToken(operation, bearerSchemes)) {
                refer(responses, UNAUTHORIZED, used);
                refer(responses, FORBIDDEN, used);
            }
            if (operation.getRequestBody() != null) {
                if (takesJson(operation)) {
                    refer(responses, BAD_REQUEST, used);
                }
                refer(responses, tooLarge, used);
            }
            if (responses.getAPIResponses() != null) {
                responses.getAPIResponses().forEach(ProblemResponses::sayWhatItCarries);
            }
        }));
        if (!used.isEmpty()) {
            Components components = api.getComponents() != null ? api.getComponents() : OASFactory.createComponents();
            used.values().forEach(shared -> components.addResponse(shared.name(),
                    OASFactory.createAPIResponse().description(shared.description()).content(problemContent())));
            api.setComponents(components);
        }
        leaveOutUnreferencedSchemas(api);
    }

    /**
     * A schema nothing refers to is left out: service-platform's shared types reach every service's index, used or not.
     * SmallRye's own removal of unused schemas runs before filters, and would drop Problem, referred to only from here.
     */
    private static void leaveOutUnreferencedSchemas(OpenAPI api) {
        Components components = api.getComponents();
        if (components == null || components.getSchemas() == null) {
            return;
        }
        Set<String> referred = new HashSet<>();
        Deque<Object> todo = new ArrayDeque<>();
        api.getPaths().getPathItems().values().forEach(item -> {
            todo.add(Objects.requireNonNullElse(item.getParameters(), List.of()));
            item.getOperations().values().forEach(operation -> {
                todo.add(Objects.requireNonNullElse(operation.getParameters(), List.of()));
                todo.add(Objects.requireNonNullElse(operation.getRequestBody(), List.of()));
                todo.add(Objects.requireNonNullElse(operation.getResponses().getAPIResponses(), Map.of()));
            });
        });
        for (Map<String, ?> shared : Arrays.asList(components.getResponses(), components.getParameters(),
                components.getRequestBodies(), components.getHeaders())) {
            todo.add(Objects.requireNonNullElse(shared, Map.of()));
        }
        while (!todo.isEmpty()) {
            Object next = todo.pop();
            if (next instanceof Schema schema) {
                String ref = schema.getRef();
                if (ref != null && ref.startsWith(SCHEMAS) && referred.add(ref.substring(SCHEMAS.length()))) {
                    Schema target = components.getSchemas().get(ref.substring(SCHEMAS.length()));
                    if (target != null) {
                        todo.add(target);
                    }
                }
                todo.add(Objects.requireNonNullElse(schema.getAll(), Map.of()));
            } else if (next instanceof Map<?, ?> map) {
                todo.addAll(map.values().stream().filter(Objects::nonNull).toList());
            } else if (next instanceof Collection<?> many) {
                todo.addAll(many.stream().filter(Objects::nonNull).toList());
            } else if (next instanceof Parameter parameter) {
                addIfPresent(todo, parameter.getSchema(), parameter.getContent());
            } else if (next instanceof Header header) {
                addIfPresent(todo, header.getSchema(), header.getContent());
            } else if (next instanceof RequestBody body) {
                addIfPresent(todo, body.getContent());
            } else if (next instanceof APIResponse response) {
                addIfPresent(todo, response.getContent(), response.getHeaders());
            } else if (next instanceof Content content) {
                addIfPresent(todo, content.getMediaTypes());
            } else if (next instanceof MediaType type) {
                addIfPresent(todo, type.getSchema());
            }
        }
        new ArrayList<>(components.getSchemas().keySet()).stream().filter(name -> !referred.contains(name))
                .forEach(components::removeSchema);
    }

    private static void addIfPresent(Deque<Object> todo, Object... parts) {
        Arrays.stream(parts).filter(Objects::nonNull).forEach(todo::add);
    }

    private static Set<String> bearerSchemes(Components components) {
        if (components == null || components.getSecuritySchemes() == null) {
            return Set.of();
        }
        return components.getSecuritySchemes().entrySet().stream()
                .filter(scheme -> scheme.getValue().getType() == SecurityScheme.Type.HTTP
                        && "bearer".equalsIgnoreCase(scheme.getValue().getScheme()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    private static boolean takesBearerToken(Operation operation, Set<String> bearerSchemes) {
        List<SecurityRequirement> security = operation.getSecurity();
        return security != null && security.stream().filter(requirement -> requirement.getSchemes() != null)
                .anyMatch(requirement -> requirement.getSchemes().keySet().stream().anyMatch(bearerSchemes::contains));
    }

    /** A JSON body is read by Jackson, whose failures the mappers answer with 400; a form or raw body is the operation's own. */
    private static boolean takesJson(Operation operation) {
        Content content = operation.getRequestBody().getContent();
        return content != null && content.getMediaTypes() != null
                && content.getMediaTypes().keySet().stream().anyMatch(type -> type.startsWith("application/json"));
    }

    private static void refer(APIResponses responses, Shared shared, Map<String, Shared> used) {
        if (!responses.hasAPIResponse(shared.status())) {
            responses.addAPIResponse(shared.status(),
                    OASFactory.createAPIResponse().ref("#/components/responses/" + shared.name()));
            used.put(shared.name(), shared);
        }
    }

    /** A refusal is problem+json (the mappers answer nothing else); a success never is (@Produces lists both). */
    private static void sayWhatItCarries(String status, APIResponse response) {
        if (response.getRef() != null) {
            return;
        }
        boolean refusal = status.startsWith("4") || status.startsWith("5");
        Content content = response.getContent();
        if (refusal) {
            response.setContent(problemContent());
        } else if (content != null && content.getMediaTypes() != null && content.getMediaTypes().size() > 1) {
            content.removeMediaType(Problem.MEDIA_TYPE);
        }
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(SCHEMA)));
    }
}
