package care.ketamine.intake.outcome;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static care.ketamine.intake.IntakeFixtures.as;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@TestProfile(DemoCohortTest.WithDemoData.class)
class DemoCohortTest {

    public static class WithDemoData implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("intake.demo-data", "true");
        }
    }

    @Test
    void shouldSeedACohortWhoseFiguresAreNotTrivial() {
        as(Roles.CLINICIAN).get("/outcomes").then().statusCode(200)
                .body("patients", greaterThanOrEqualTo(80))
                .body("figures.find { it.name == 'phq9MeanReductionAtWeek10' }.n", greaterThanOrEqualTo(80))
                .body("figures.find { it.name == 'phq9MeanReductionAtWeek10' }.percent", allOf(greaterThan(20f), lessThan(90f)))
                .body("figures.find { it.name == 'phq9ResponseRate' }.percent", allOf(greaterThan(20f), lessThan(100f)))
                .body("figures.find { it.name == 'phq9RemissionRate' }.percent", allOf(greaterThan(0f), lessThan(100f)));
    }
}
