package care.ketamine.session;

import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.ServicePlatformContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SessionServiceTest extends ServicePlatformContract {

    @Override
    protected String documentedPath() {
        return "/sessions/{sessionId}/devices";
    }

    @Override
    protected String refusedPath() {
        return "/clinicians";
    }

    @Override
    protected String refusedRole() {
        return care.ketamine.contracts.security.Roles.CLINICIAN;
    }
}
