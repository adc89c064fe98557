package care.ketamine.alerting.oncall;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/** A rotation or an override of the wrong shape is refused with its field named, and nothing is stored. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class OnCallShapeTest {

    private static final String ROTATION = """
            {"id": "ID", "tier": 1, "members": ["ana"], "lengthDays": 7, "handoff": "08:00",
             "timezone": "America/Los_Angeles", "startsOn": "2026-11-02"}""";
    private static final String OVERRIDE = """
            {"tier": 1, "staffId": "STAFF", "from": "2026-11-26T00:00:00Z", "to": "2026-11-27T00:00:00Z", "reason": "x"}""";

    @Inject
    EntityManager entityManager;

    private long count(String sql, Object parameter) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(sql)
                .setParameter(1, parameter).getSingleResult()).longValue());
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(DevTokens.sign("admin-1", Roles.ADMIN, null, Duration.ofHours(1))).contentType(ContentType.JSON);
    }

    static Stream<Arguments> rotations() {
        return Stream.of(
                Arguments.of("no id", "\"id\": \"ID\", ", "", "id", "is required"),
                Arguments.of("a blank id", "\"id\": \"ID\"", "\"id\": \"  \"", "id", "is required"),
                Arguments.of("an id too long", "\"id\": \"ID\"", "\"id\": \"" + "i".repeat(201) + "\"", "id",
                        "at most 200 characters and 400 bytes (UTF-8)"),
                Arguments.of("no tier", "\"tier\": 1, ", "", "tier", "is required"),
                Arguments.of("tier 0", "\"tier\": 1", "\"tier\": 0", "tier", "must be 1 or 2"),
                Arguments.of("tier 3", "\"tier\": 1", "\"tier\": 3", "tier", "must be 1 or 2"),
                Arguments.of("no members", "\"members\": [\"ana\"], ", "", "members", "is required"),
                Arguments.of("an empty team", "[\"ana\"]", "[]", "members", "must name 1 to 50 people, none blank"),
                Arguments.of("51 members", "[\"ana\"]", "[" + "\"m\",".repeat(50) + "\"m\"]", "members",
                        "must name 1 to 50 people, none blank"),
                Arguments.of("a blank member", "[\"ana\"]", "[\"ana\", \" \"]", "members[1]", "is required"),
                Arguments.of("no lengthDays", "\"lengthDays\": 7, ", "", "lengthDays", "is required"),
                Arguments.of("0 days", "\"lengthDays\": 7", "\"lengthDays\": 0", "lengthDays", "must be 1 to 90"),
                Arguments.of("91 days", "\"lengthDays\": 7", "\"lengthDays\": 91", "lengthDays", "must be 1 to 90"),
                Arguments.of("no handoff", "\"handoff\": \"08:00\",", "", "handoff", "is required"),
                Arguments.of("handing off at 25:00", "08:00", "25:00", "handoff", "is not valid: 25:00"),
                Arguments.of("a handoff too long", "08:00", "0".repeat(101), "handoff", "is not valid (at most 100 characters)"),
                Arguments.of("an unknown timezone", "America/Los_Angeles", "Mars/Olympus", "timezone", "is not valid: Mars/Olympus"),
                Arguments.of("a timezone like a template", "America/Los_Angeles", "{x}${y}", "timezone", "is not valid: {x}${y}"),
                Arguments.of("no start", ", \"startsOn\": \"2026-11-02\"", "", "startsOn", "is required"),
                Arguments.of("a start on 31 February", "2026-11-02", "2026-02-31", "startsOn", "is not valid: 2026-02-31"));
    }

    @ParameterizedTest(name = "a rotation with {0}")
    @MethodSource("rotations")
    void shouldRefuseARotationOfTheWrongShape(String why, String part, String replacement, String field, String rule) {
        String id = "r-" + UUID.randomUUID();
        String body = ROTATION.replace("\"id\": \"ID\"", "\"id\": \"" + id + "\"").replace(
                part.replace("\"ID\"", "\"" + id + "\""), replacement);
        admin().body(body).post("/oncall/rotations").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://ketamine.care/problems/invalid-request"))
                .body("violations.size()", equalTo(1))
                .body("violations[0].field", equalTo(field)).body("violations[0].rule", equalTo(rule));
        assertThat(count("SELECT count(*) FROM oncall_rotation WHERE id = ?1", id)).isZero();
    }

    static Stream<Arguments> overrides() {
        return Stream.of(
                Arguments.of("no tier", "\"tier\": 1, ", "", "tier", "is required"),
                Arguments.of("tier 3", "\"tier\": 1", "\"tier\": 3", "tier", "must be 1 or 2"),
                Arguments.of("no start", "\"from\": \"2026-11-26T00:00:00Z\", ", "", "from", "is required"),
                Arguments.of("no end", "\"to\": \"2026-11-27T00:00:00Z\", ", "", "to", "is required"),
                Arguments.of("an end before its start", "2026-11-27T00:00:00Z", "2026-11-25T00:00:00Z", "to",
                        "from and to are required, and to is after from"),
                Arguments.of("no reason", ", \"reason\": \"x\"", "", "reason", "is required"),
                Arguments.of("a blank reason", "\"reason\": \"x\"", "\"reason\": \" \"", "reason", "is required"),
                Arguments.of("a reason of 1501 bytes", "\"reason\": \"x\"", "\"reason\": \"" + "\u00e9".repeat(499) + "xxx\"", "reason",
                        "at most 500 characters and 1500 bytes (UTF-8)"));
    }

    @ParameterizedTest(name = "an override with {0}")
    @MethodSource("overrides")
    void shouldRefuseAnOverrideOfTheWrongShape(String why, String part, String replacement, String field, String rule) {
        String staff = "nurse-" + UUID.randomUUID();
        String body = OVERRIDE.replace("STAFF", staff).replace(part, replacement);
        admin().body(body).post("/oncall/overrides").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("violations.size()", equalTo(1))
                .body("violations[0].field", equalTo(field)).body("violations[0].rule", equalTo(rule));
        assertThat(count("SELECT count(*) FROM oncall_override WHERE staff_id = ?1", staff)).isZero();
    }

    @ParameterizedTest(name = "{0} without a body")
    @MethodSource("paths")
    void shouldNameAMissingBody(String path) {
        admin().post(path).then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("violations.field", hasItem("body")).body("violations[0].rule", equalTo("is required"));
    }

    static Stream<String> paths() {
        return Stream.of("/oncall/rotations", "/oncall/overrides");
    }
}
