package care.ketamine.intake;

import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.ServicePlatformContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class IntakeServiceTest extends ServicePlatformContract {

    @Override
    protected String documentedPath() {
        return "/patients/{patientId}/screenings";
    }

    @Override
    protected String refusedPath() {
        return "/patients/00000000-0000-0000-0000-000000000001";
    }

    @Override
    protected String refusedRole() {
        return care.ketamine.contracts.security.Roles.SCHEDULER;
    }
}
