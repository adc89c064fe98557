package care.ketamine.alerting;

import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.ServicePlatformContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AlertingServiceTest extends ServicePlatformContract {

    @Override
    protected String documentedPath() {
        return "/alerts/stream";
    }

    @Override
    protected String refusedPath() {
        return "/alerts";
    }

    @Override
    protected String refusedRole() {
        return care.ketamine.contracts.security.Roles.SCHEDULER;
    }
}
