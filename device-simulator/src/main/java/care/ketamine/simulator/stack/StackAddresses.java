package care.ketamine.simulator.stack;

/** Where the services listen; the local stack's ports by default. */
public record StackAddresses(String intake, String sessions, String vitals, String alerting) {

    public static final StackAddresses LOCAL = new StackAddresses("http://127.0.0.1:8081", "http://127.0.0.1:8082",
            "http://127.0.0.1:8083", "http://127.0.0.1:8084");
}
