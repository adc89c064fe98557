package care.ketamine.platform.heartbeat;

import java.time.Duration;

/**
 * How far behind its input a service's main work is, for its heartbeat to carry. A service that measures
 * this (alerting: its evaluation of the readings) provides one bean of this type; the others none.
 */
public interface ConsumerLag {

    Duration behind();
}
