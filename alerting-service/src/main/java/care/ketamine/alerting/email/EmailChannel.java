package care.ketamine.alerting.email;

import care.ketamine.alerting.contact.StaffContact;
import care.ketamine.alerting.notificationlog.Notification;
import care.ketamine.alerting.notification.NotificationChannel;
import care.ketamine.alerting.notification.PageText;
import care.ketamine.platform.json.StoredJson;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Pages by email through the clinic's SMTP relay (Quarkus Mailer: {@code quarkus.mailer.host}, {@code port},
 * {@code start-tls}, {@code username}, {@code password}). On only when {@code alerting.email.from} is set. Email
 * has no delivery receipt: a message the relay accepted is SENT, and the step's other channels or an
 * acknowledgement decide whether it reached anyone. The relay's 4xx, no connection or no answer within
 * {@code alerting.email.timeout} is tried again; a 5xx (no such mailbox, refused) is not. The message's own
 * Message-ID ({@code <notification id@sender's domain>}) is kept as the provider's reference.
 */
@ApplicationScoped
public class EmailChannel implements NotificationChannel {

    private final ReactiveMailer mailer;
    private final StoredJson json;
    private final Optional<String> from;
    private final URI console;
    private final boolean withDetails;
    private final Duration timeout;

    public EmailChannel(ReactiveMailer mailer, StoredJson json,
                        @ConfigProperty(name = "alerting.email.from") Optional<String> from,
                        @ConfigProperty(name = "alerting.console-url") URI console,
                        @ConfigProperty(name = "alerting.email.with-details", defaultValue = "false") boolean withDetails,
                        @ConfigProperty(name = "alerting.email.timeout", defaultValue = "10S") Duration timeout) {
        this.mailer = mailer;
        this.json = json;
        this.from = from.filter(f -> !f.isBlank());
        this.console = console;
        this.withDetails = withDetails;
        this.timeout = timeout;
        this.from.ifPresent(f -> {
            if (StaffContact.problems(address(f), null).size() > 0) {
                throw new IllegalStateException("alerting.email.from must be an email address (optionally 'Name <address>'), not " + f);
            }
        });
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public boolean enabled() {
        return from.isPresent();
    }

    @Override
    public Optional<String> addressOf(StaffContact person) {
        return person.emailAddress();
    }

    @Override
    public boolean callsOut() {
        return true;
    }

    @Override
    public Delivery deliver(Notification notification) {
        PageText text = PageText.of(notification, json, console, withDetails);
        String messageId = "<" + notification.id + "@" + domain(address(from.orElseThrow())) + ">";
        Mail mail = Mail.withText(notification.address, text.subject(), text.body())
                .setFrom(from.orElseThrow())
                .addHeader("Message-ID", messageId)
                .addHeader("X-Notification-Id", notification.id.toString())
                // A page is not a newsletter: no auto-replies back to the relay's sender.
                .addHeader("Auto-Submitted", "auto-generated");
        try {
            mailer.send(mail).await().atMost(timeout);
            return Delivery.sent(messageId);
        } catch (io.smallrye.mutiny.TimeoutException e) {
            return Delivery.retry("no answer from the mail relay within " + timeout.toSeconds() + " s", null);
        } catch (RuntimeException e) {
            return failed(e);
        }
    }

    /** A 5xx from the relay is for good (that mailbox or sender is refused); anything else may pass next time. */
    static Delivery failed(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SMTPException smtp) {
                String said = "mail relay answered " + smtp.getReplyCode() + " " + oneLine(smtp.getReplyMessage());
                return smtp.getReplyCode() >= 500 ? Delivery.refused(said) : Delivery.retry(said, null);
            }
        }
        return Delivery.retry("mail not sent: " + e.getClass().getSimpleName() + " " + oneLine(e.getMessage()), null);
    }

    private static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    /** The address of {@code Name <address>}, or the whole when it is a bare address. */
    static String address(String from) {
        int open = from.lastIndexOf('<');
        int close = from.lastIndexOf('>');
        return open >= 0 && close > open ? from.substring(open + 1, close).trim() : from.trim();
    }

    private static String domain(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }
}
