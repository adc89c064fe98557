package care.ketamine.simulator.stack;

/**
 * Where the services listen; the local stack's ports by default.
 *
 * @param sessionsManagement session-service's management interface (health, metrics), where the simulator
 *                           reads the stack's clinical-time compression; not on the public port
 */
public record StackAddresses(String intake, String sessions, String vitals, String alerting, String sessionsManagement) {

    public static final StackAddresses LOCAL = new StackAddresses("http://127.0.0.1:8081", "http://127.0.0.1:8082",
            "http://127.0.0.1:8083", "http://127.0.0.1:8084", "http://127.0.0.1:9082");
}
