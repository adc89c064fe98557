package care.ketamine.platform.problem;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * Bean Validation's violations in the words of the API: each named by the field path the client sent
 * ({@code address.postalCode}, {@code contacts[0].phone}), not by the Java path
 * ({@code register.arg0.address.postalCode}). A constraint on the body itself (it is missing) names
 * {@code body}; one on a query, path or header parameter names that parameter as the client spells it.
 */
public final class BrokenConstraints {

    static final String BODY = "body";

    private BrokenConstraints() {
    }

    /** The violations, ordered by field and rule so that an answer does not change from call to call. */
    public static List<Problem.Violation> violations(Collection<? extends ConstraintViolation<?>> broken) {
        return broken.stream()
                .map(v -> new Problem.Violation(field(v), v.getMessage()))
                .distinct()
                .sorted(Comparator.comparing(Problem.Violation::field).thenComparing(Problem.Violation::rule))
                .toList();
    }

    /** True when a constraint on what a method returned was broken: the service's own bug, never the client's. */
    public static boolean onReturnValue(Collection<? extends ConstraintViolation<?>> broken) {
        return broken.stream().anyMatch(v -> kinds(v.getPropertyPath()).contains(ElementKind.RETURN_VALUE));
    }

    /** The field path the client knows for one violation. */
    static String field(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        Path.MethodNode method = null;
        Path.ParameterNode parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD -> method = node.as(Path.MethodNode.class);
                case PARAMETER -> parameter = node.as(Path.ParameterNode.class);
                case CONSTRUCTOR, CROSS_PARAMETER, RETURN_VALUE -> {
                    // not a name the client sent
                }
                default -> {
                    // A list's element by index, a map's by key; a set's has neither and is named by the set.
                    if (node.getIndex() != null) {
                        field.append('[').append(node.getIndex()).append(']');
                    } else if (node.getKey() != null) {
                        field.append('[').append(node.getKey()).append(']');
                    }
                    // A property is named; a bean (a class-level constraint) or a container element is the value itself.
                    if (node.getKind() == ElementKind.PROPERTY) {
                        field.append('.').append(node.getName());
                    }
                }
            }
        }
        if (!field.isEmpty()) {
            return field.charAt(0) == '.' ? field.substring(1) : field.toString();
        }
        if (parameter != null && method != null) {
            return parameterName(violation.getRootBeanClass(), method, parameter);
        }
        return violation.getPropertyPath().toString();
    }

    /** A request parameter as the client spells it; the entity (no such annotation) is the body. */
    private static String parameterName(Class<?> resource, Path.MethodNode method, Path.ParameterNode parameter) {
        Class<?>[] types = method.getParameterTypes().toArray(Class<?>[]::new);
        // A generated subclass overrides the method without its annotations: look up to the one declared.
        for (Class<?> type = resource; type != null && type != Object.class; type = type.getSuperclass()) {
            try {
                Method declared = type.getDeclaredMethod(method.getName(), types);
                for (Annotation annotation : declared.getParameterAnnotations()[parameter.getParameterIndex()]) {
                    String name = requestName(annotation);
                    if (name != null) {
                        return name;
                    }
                }
            } catch (NoSuchMethodException e) {
                // declared higher up
            }
        }
        return BODY;
    }

    private static String requestName(Annotation annotation) {
        if (annotation instanceof QueryParam q) {
            return q.value();
        } else if (annotation instanceof PathParam p) {
            return p.value();
        } else if (annotation instanceof HeaderParam h) {
            return h.value();
        } else if (annotation instanceof CookieParam c) {
            return c.value();
        } else if (annotation instanceof FormParam f) {
            return f.value();
        } else if (annotation instanceof MatrixParam m) {
            return m.value();
        }
        return null;
    }

    private static List<ElementKind> kinds(Path path) {
        return StreamSupport.stream(path.spliterator(), false).map(Path.Node::getKind).toList();
    }
}
