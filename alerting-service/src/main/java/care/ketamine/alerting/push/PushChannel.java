package care.ketamine.alerting.push;

import care.ketamine.alerting.notification.NotificationDispatcher;
import care.ketamine.alerting.contact.StaffContact;
import care.ketamine.alerting.notificationlog.Notification;
import care.ketamine.alerting.notification.NotificationChannel;
import care.ketamine.alerting.notification.PageText;
import care.ketamine.platform.json.StoredJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Web Push (RFC 8030) to every browser the person subscribed, so a page reaches a phone or a laptop with the console
 * closed: the message encrypted to each browser (RFC 8291), signed for its push service with our VAPID key (RFC 8292),
 * {@code Urgency: high}, kept by the push service for {@code alerting.push.ttl} while the device is offline, and with
 * a {@code Topic} so a retry replaces a message not yet shown instead of adding one. The message is the page's words
 * as email and SMS have them ({@link PageText}, never the details): how bad, the rule in plain words, why, and the link
 * to the alert in the console ({@code alerting.console-url}); nothing about the patient, since it shows on a lock
 * screen. A push service taking it is SENT; the page is delivered only when the person's screen answers: the
 * console's service worker, showing it, sends the receipt as the signed-in person (the same RECEIVED command the
 * console sends for a live page; {@code POST /notifications/{id}/received} does the same over this API).
 *
 * <p>Every endpoint is checked against {@link PushServices} again before it is called. Taken by at least one browser:
 * SENT. A subscription the push service says is gone (404, 410) is removed. None taken and one worth retrying (429,
 * 5xx, no answer): RETRY; else REFUSED.
 */
@ApplicationScoped
public class PushChannel implements NotificationChannel {

    public static final String NAME = "push";
    /** The kind of the test page a browser gets when it subscribes ({@link #confirm}); the service worker knows it. */
    public static final String CONFIRMATION = "SUBSCRIBED";
    static final String CONFIRMATION_TOPIC = "subscribed";
    static final Duration CONFIRMATION_TTL = Duration.ofMinutes(2);

    private final Vapid vapid;
    private final PushSubscriptions subscriptions;
    private final PushServices pushServices;
    private final ObjectMapper mapper;
    private final StoredJson json;
    private final URI console;
    private final Duration ttl;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;

    public PushChannel(Vapid vapid, PushSubscriptions subscriptions, PushServices pushServices, ObjectMapper mapper,
                       StoredJson json, @ConfigProperty(name = "alerting.console-url") URI console,
                       @ConfigProperty(name = "alerting.push.ttl", defaultValue = "900S") Duration ttl,
                       @ConfigProperty(name = "alerting.push.timeout", defaultValue = "5S") Duration timeout, Clock clock) {
        this.vapid = vapid;
        this.subscriptions = subscriptions;
        this.pushServices = pushServices;
        this.mapper = mapper;
        this.json = json;
        this.console = console;
        this.ttl = ttl;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean enabled() {
        return vapid.enabled();
    }

    @Override
    public boolean callsOut() {
        return true;
    }

    /** The person, when they let at least one browser be paged. */
    @Override
    public Optional<String> addressOf(StaffContact person) {
        return subscriptions.any(person.staffId()) ? Optional.of(person.staffId()) : Optional.empty();
    }

    @Override
    public Delivery deliver(Notification notification) {
        List<PushSubscriptions.Subscription> browsers = subscriptions.of(notification.address);
        if (browsers.isEmpty()) {
            return Delivery.refused("no browser subscribed to push");
        }
        byte[] message;
        try {
            message = mapper.writeValueAsBytes(message(notification));
        } catch (JsonProcessingException e) {
            return Delivery.refused("message not written: " + e.getOriginalMessage());
        }
        Instant now = clock.instant();
        List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
        for (PushSubscriptions.Subscription browser : browsers) {
            Optional<String> notAllowed = pushServices.problem(browser.endpoint());
            // Checked at subscribing too; a row changed since, or a list narrowed, must not send us anywhere else.
            calls.add(notAllowed.isPresent() ? CompletableFuture.failedFuture(new NotAPushService(notAllowed.get()))
                    : send(browser, message, notification, now));
        }
        // The browsers' push services are called at once; all of them within the bound of one call.
        long deadline = System.nanoTime() + timeout.multipliedBy(2).toNanos();
        int taken = 0;
        int gone = 0;
        Duration retryAfter = null;
        List<String> errors = new ArrayList<>();
        boolean worthRetrying = false;
        for (int i = 0; i < browsers.size(); i++) {
            PushSubscriptions.Subscription browser = browsers.get(i);
            CompletableFuture<HttpResponse<Void>> call = calls.get(i);
            String origin = origin(browser.endpoint());
            try {
                HttpResponse<Void> response = call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                int status = response.statusCode();
                if (status / 100 == 2) {
                    taken++;
                } else if (status == 404 || status == 410) {
                    // RFC 8030 §7.3: the subscription expired or the browser unsubscribed.
                    subscriptions.gone(browser.id());
                    gone++;
                    Log.infof("push subscription %s of %s removed: %s answered %d", browser.id(), browser.staffId(), origin, status);
                } else if (status == 429 || status >= 500) {
                    worthRetrying = true;
                    errors.add(origin + " answered " + status);
                    retryAfter = response.headers().firstValue("Retry-After").flatMap(NotificationDispatcher::retryAfterSeconds)
                            .orElse(retryAfter);
                } else {
                    errors.add(origin + " refused with " + status);
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof NotAPushService refused) {
                    Log.warnf("push subscription %s of %s not called: its endpoint %s", browser.id(), browser.staffId(),
                            refused.getMessage());
                    errors.add("subscription " + browser.id() + " not called: its endpoint " + refused.getMessage());
                    continue;
                }
                worthRetrying = true;
                errors.add("no answer from " + origin + ": " + e.getCause().getClass().getSimpleName());
            } catch (TimeoutException e) {
                call.cancel(true);
                worthRetrying = true;
                errors.add("no answer from " + origin + " in time");
            } catch (InterruptedException e) {
                calls.forEach(c -> c.cancel(true));
                Thread.currentThread().interrupt();
                return Delivery.retry("interrupted", null);
            }
        }
        if (taken > 0) {
            return Delivery.sent(null);
        }
        if (worthRetrying) {
            return Delivery.retry(String.join("; ", errors), retryAfter);
        }
        return Delivery.refused(gone == browsers.size() ? "every subscribed browser is gone" : String.join("; ", errors));
    }

    /**
     * The test page a browser gets when it has just subscribed: how its person learns that pages reach it end to end
     * (the console waits for it). Not a page: nothing answers for it. Empty when the push service took it; else why not.
     */
    public Optional<String> confirm(PushSubscriptions.Subscription browser) {
        Optional<String> notAllowed = pushServices.problem(browser.endpoint());
        if (notAllowed.isPresent()) {
            return Optional.of("its endpoint " + notAllowed.get());
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("kind", CONFIRMATION);
        message.put("title", "Ketamine monitoring");
        message.put("body", "Pages will arrive on this device");
        message.put("link", console.toString());
        String origin = origin(browser.endpoint());
        try {
            // A test page nobody sees within minutes is worth nothing later.
            HttpResponse<Void> response = send(browser, mapper.writeValueAsBytes(message), CONFIRMATION_TOPIC,
                    CONFIRMATION_TTL, clock.instant()).get(timeout.multipliedBy(2).toNanos(), TimeUnit.NANOSECONDS);
            int status = response.statusCode();
            if (status == 404 || status == 410) {
                subscriptions.gone(browser.id());
            }
            return status / 100 == 2 ? Optional.empty() : Optional.of(origin + " answered " + status);
        } catch (JsonProcessingException e) {
            return Optional.of("message not written: " + e.getOriginalMessage());
        } catch (ExecutionException e) {
            return Optional.of("no answer from " + origin + ": " + e.getCause().getClass().getSimpleName());
        } catch (TimeoutException e) {
            return Optional.of("no answer from " + origin + " in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    private CompletableFuture<HttpResponse<Void>> send(PushSubscriptions.Subscription browser, byte[] message,
                                                       Notification notification, Instant now) {
        // RFC 8030 §5.4: at most 32 base64url characters; the notification's id without its dashes.
        return send(browser, message, notification.id.toString().replace("-", ""), ttl, now);
    }

    private CompletableFuture<HttpResponse<Void>> send(PushSubscriptions.Subscription browser, byte[] message, String topic,
                                                       Duration ttl, Instant now) {
        try {
            URI endpoint = URI.create(browser.endpoint());
            byte[] body = WebPushEncryption.encrypt(message, P256.fromBase64Url(browser.p256dh()).orElseThrow(),
                    P256.fromBase64Url(browser.auth()).orElseThrow());
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                    .header("Authorization", vapid.authorization(endpoint, now))
                    .header("Content-Encoding", "aes128gcm")
                    .header("Content-Type", "application/octet-stream")
                    .header("TTL", Long.toString(ttl.toSeconds()))
                    .header("Urgency", "high")
                    .header("Topic", topic)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * What the service worker shows: the title and body of the notification, the link it opens, and the ids it answers
     * with. The page's words as email and SMS have them, never the details: no patient, no values.
     */
    Map<String, Object> message(Notification notification) {
        PageText text = PageText.of(notification, json, console, false);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("notificationId", notification.id);
        message.put("alertId", notification.alertId);
        message.put("severity", text.severity());
        message.put("rule", text.ruleInWords());
        message.put("kind", notification.kind);
        message.put("title", text.subject());
        message.put("body", text.notice());
        message.put("link", text.link().toString());
        return message;
    }

    /** The endpoint's origin for the log and the page's last error; the rest of the URL is the browser's secret. */
    private static String origin(String endpoint) {
        try {
            return Vapid.origin(URI.create(endpoint));
        } catch (RuntimeException e) {
            return "an endpoint that is not a URL";
        }
    }

    /** An endpoint not (or no longer) on a push service this clinic lets us call. */
    private static final class NotAPushService extends RuntimeException {
        NotAPushService(String why) {
            super(why, null, false, false);
        }
    }
}
