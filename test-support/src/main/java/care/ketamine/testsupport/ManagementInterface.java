package care.ketamine.testsupport;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

import java.net.URI;

/**
 * The management interface of the service under {@code @QuarkusTest}: health and metrics live on a port
 * of their own (a free one in tests), not on the public port that RestAssured talks to by default.
 */
public final class ManagementInterface {

    private ManagementInterface() {
    }

    /** A request to the management interface, e.g. {@code ManagementInterface.request().get("/q/metrics")}. */
    public static RequestSpecification request() {
        URI base = base();
        return RestAssured.given().baseUri(base.getScheme() + "://" + base.getHost()).port(base.getPort()).basePath("");
    }

    /** The address of a path there, e.g. {@code uri("/q/metrics")}. */
    public static URI uri(String path) {
        return base().resolve(path);
    }

    /** Quarkus publishes where its test run's management interface listens (e.g. http://localhost:PORT/q). */
    private static URI base() {
        return URI.create(ConfigProvider.getConfig().getValue("test.management.url", String.class));
    }
}
