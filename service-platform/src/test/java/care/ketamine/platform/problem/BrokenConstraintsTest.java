package care.ketamine.platform.problem;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bean Validation's violations are named by the JSON field path the client sent, never by the Java method
 * and parameter; a broken constraint on a return value is the service's bug (500), not the client's.
 */
class BrokenConstraintsTest {

    private static final ValidatorFactory FACTORY = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    record Address(@NotBlank String line1, @Pattern(regexp = "\\d{5}") String postalCode) {
    }

    record Contact(@NotBlank String phone) {
    }

    record Registration(@NotBlank @TextLimit(TextLimit.Kind.NAME) String name, @Valid @NotNull Address address,
                        List<@Valid Contact> contacts, List<@NotNull @Min(0) @Max(3) Integer> answers) {
    }

    /** Shaped like a resource: the body, a path parameter and a query parameter. */
    static class Registrations {
        public void register(@Valid @NotNull Registration registration, @PathParam("clinicId") @Size(max = 3) String clinic,
                             @QueryParam("ref") @Size(max = 3) String reference) {
        }

        public @NotNull String answer() {
            return null;
        }
    }

    /** What CDI generates for an intercepted bean: the method again, without its parameters' annotations. */
    static class Intercepted extends Registrations {
        @Override
        public void register(Registration registration, String clinic, String reference) {
            super.register(registration, clinic, reference);
        }
    }

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void shouldNameEachFieldByItsJsonPath() {
        Registration bad = new Registration("x".repeat(201), new Address("1 Main St", "9410"),
                List.of(new Contact("+1 415 555 0100"), new Contact(" ")), Arrays.asList(0, 3, 4, null));

        List<Problem.Violation> violations = BrokenConstraints.violations(register(new Registrations(), bad, "ok", "ok"));

        assertThat(violations).containsExactly(
                new Problem.Violation("address.postalCode", "does not have the expected form"),
                new Problem.Violation("answers[2]", "must be at most 3"),
                new Problem.Violation("answers[3]", "is required"),
                new Problem.Violation("contacts[1].phone", "is required"),
                new Problem.Violation("name", FreeText.NAME.rule()));
    }

    @Test
    void shouldNameAMissingBodyBodyAndAParameterAsTheClientSpellsIt() {
        assertThat(BrokenConstraints.violations(register(new Registrations(), null, "long", "long")))
                .extracting(Problem.Violation::field).containsExactly("body", "clinicId", "ref");
        assertThat(BrokenConstraints.violations(register(new Intercepted(), null, "long", "long")))
                .as("found on the class that declares the method").extracting(Problem.Violation::field)
                .containsExactly("body", "clinicId", "ref");
    }

    @Test
    void shouldAnswerARequestsViolationsWith400ProblemJsonAndAReturnValuesWith500() throws Exception {
        ProblemMappers mappers = new ProblemMappers(null);
        Set<ConstraintViolation<Registrations>> request = register(new Registrations(),
                new Registration("Alex", null, List.of(), List.of()), "ok", "ok");

        Response refused = mappers.brokenConstraints(new ResteasyReactiveViolationException(request));
        assertThat(refused.getStatus()).isEqualTo(400);
        assertThat(refused.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        Problem problem = (Problem) refused.getEntity();
        assertThat(problem.type()).isEqualTo("https://ketamine.care/problems/invalid-request");
        assertThat(problem.violations()).containsExactly(new Problem.Violation("address", "is required"));
        assertThat(JsonMapper.builder().build().writeValueAsString(problem))
                .contains("\"violations\":[{\"field\":\"address\",\"rule\":\"is required\"}]");

        Method answer = Registrations.class.getMethod("answer");
        Set<ConstraintViolation<Registrations>> returned = VALIDATOR.forExecutables()
                .validateReturnValue(new Registrations(), answer, null);
        assertThat(BrokenConstraints.onReturnValue(returned)).isTrue();
        assertThat(mappers.brokenConstraints(new ResteasyReactiveViolationException(returned)).getStatus()).isEqualTo(500);
        assertThat(mappers.brokenConstraints(new ConstraintViolationException(request)).getStatus())
                .as("a constraint broken inside the service, not by the request").isEqualTo(500);
    }

    private static <T extends Registrations> Set<ConstraintViolation<T>> register(T resource, Registration body,
                                                                                   String clinic, String reference) {
        try {
            Method register = resource.getClass().getMethod("register", Registration.class, String.class, String.class);
            return VALIDATOR.forExecutables().validateParameters(resource, register, new Object[]{body, clinic, reference});
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
