package care.ketamine.alerting.telephony;

import care.ketamine.alerting.audit.ActionAudit;
import care.ketamine.alerting.notification.DeliveryReceipts;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Twilio's status callbacks for the texts and calls we placed. Twilio has no token of ours, so the endpoint is open
 * ({@code @PermitAll}) and each request is proven by its X-Twilio-Signature, computed over the public URL we gave
 * Twilio ({@code alerting.twilio.callback-base-url}), never over the Host header. A bad or missing signature is
 * refused (403) and changes nothing. A text delivered or a call answered by a person is a delivery receipt; a text
 * undelivered or failed, and a call not answered, busy, failed or canceled, or answered by a machine, a fax or
 * someone Twilio's answering machine detection could not tell (AnsweredBy unknown), is a failure; anything else (queued, sent, ringing)
 * is noted by Twilio only. A callback played again is answered 200 and changes nothing: Twilio would otherwise keep
 * trying. A callback for a sid we have not recorded yet (it can overtake our own commit) is kept and applied when we
 * record it; one for a sid never ours is forgotten after a day.
 */
@Path(Twilio.STATUS_PATH)
@Tag(name = "Delivery", description = "Providers' delivery receipts")
@PermitAll
@SecurityScheme(securitySchemeName = TwilioStatusResource.SIGNATURE, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        apiKeyName = "X-Twilio-Signature", description = "Twilio's request signature: HMAC-SHA1 of the public callback URL "
        + "and the sorted form parameters, with the account's auth token")
@SecurityRequirement(name = TwilioStatusResource.SIGNATURE)
public class TwilioStatusResource {

    static final String SIGNATURE = "twilio-signature";

    /** A status callback is a few hundred bytes; anything far larger is not Twilio's. */
    static final int MAX_FORM_CHARS = 16 * 1024;
    private static final Set<String> SMS_DELIVERED = Set.of("delivered");
    private static final Set<String> SMS_FAILED = Set.of("undelivered", "failed");
    private static final Set<String> CALL_ANSWERED = Set.of("in-progress", "completed");
    private static final Set<String> CALL_FAILED = Set.of("no-answer", "busy", "failed", "canceled");

    private final Twilio twilio;
    private final DeliveryReceipts receipts;
    private final ActionAudit audit;

    public TwilioStatusResource(Twilio twilio, DeliveryReceipts receipts, ActionAudit audit) {
        this.twilio = twilio;
        this.receipts = receipts;
        this.audit = audit;
    }

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces({MediaType.TEXT_PLAIN, Problem.MEDIA_TYPE})
    @Operation(summary = "Twilio's status callback for a text or call (signed by Twilio)",
            description = "Form-encoded as Twilio sends it: MessageSid and MessageStatus, or CallSid and CallStatus, with "
                    + "ErrorCode on failures. Requires X-Twilio-Signature over the configured public URL and the sorted "
                    + "parameters. No JWT.")
    @APIResponse(responseCode = "200", description = "Taken (or a sid we do not know, or a status that changes nothing)")
    @APIResponse(responseCode = "403", description = "No valid X-Twilio-Signature; nothing changed")
    @APIResponse(responseCode = "404", description = "Twilio is not set up here")
    public Response status(MultivaluedMap<String, String> form, @HeaderParam("X-Twilio-Signature") String signature,
                           @Context UriInfo uri) {
        String authToken = twilio.authToken().orElseThrow(() -> ProblemException.notFound("Twilio status callback"));
        Map<String, List<String>> params = form == null ? Map.of() : form;
        long size = params.entrySet().stream()
                .mapToLong(e -> e.getKey().length() + e.getValue().stream().mapToLong(String::length).sum()).sum();
        if (size > MAX_FORM_CHARS) {
            throw new ProblemException(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                    "A status callback of " + size + " characters; at most " + MAX_FORM_CHARS + " are taken");
        }
        String query = uri.getRequestUri().getRawQuery();
        String signedUrl = twilio.statusCallback() + (query == null ? "" : "?" + query);
        if (!TwilioSignature.matches(authToken, signedUrl, params, signature)) {
            audit.denied("twilio", "provider", "delivery.twilio.status", first(params, "MessageSid", first(params, "CallSid", "-")));
            throw new ProblemException(Response.Status.FORBIDDEN, "The X-Twilio-Signature does not match this request");
        }
        String account = first(params, "AccountSid", null);
        if (account != null && !twilio.accountSid().orElse("").equals(account)) {
            Log.warnf("Twilio status callback for another account (%s) passed over", account);
            return Response.ok().build();
        }
        String messageSid = first(params, "MessageSid", null);
        String callSid = first(params, "CallSid", null);
        String error = first(params, "ErrorCode", null);
        DeliveryReceipts.Result result = null;
        if (messageSid != null) {
            String status = first(params, "MessageStatus", "").toLowerCase(Locale.ROOT);
            if (SMS_DELIVERED.contains(status)) {
                result = receipts.deliveredByReference("sms", messageSid, "Twilio: the text was delivered to the phone");
            } else if (SMS_FAILED.contains(status)) {
                result = receipts.failedByReference("sms", messageSid, "Twilio: the text was " + status + withError(error));
            }
        } else if (callSid != null) {
            String status = first(params, "CallStatus", "").toLowerCase(Locale.ROOT);
            String answeredBy = first(params, "AnsweredBy", "").toLowerCase(Locale.ROOT);
            if (CALL_ANSWERED.contains(status) && (answeredBy.startsWith("machine") || answeredBy.equals("fax")
                    || answeredBy.equals("unknown"))) {
                // Not a person for sure: the step's next channel, or the escalation, goes on.
                result = receipts.failedByReference("voice", callSid, "Twilio: the call was answered by " + answeredBy);
            } else if (status.equals("in-progress") || (status.equals("completed") && answeredBy.equals("human"))) {
                // A call's end without AnsweredBy says nothing of who answered: the answered event was the receipt.
                result = receipts.deliveredByReference("voice", callSid, "Twilio: the person answered the call");
            } else if (CALL_FAILED.contains(status)) {
                result = receipts.failedByReference("voice", callSid, "Twilio: the call ended " + status + withError(error));
            }
        }
        if (result == DeliveryReceipts.Result.KEPT) {
            Log.infof("Twilio status callback for a sid not recorded yet (%s) kept until it is",
                    messageSid != null ? messageSid : callSid);
        }
        return Response.ok().build();
    }

    private static String withError(String error) {
        return error == null || error.isBlank() ? "" : " (error " + error + ")";
    }

    private static String first(Map<String, List<String>> params, String name, String otherwise) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? otherwise : values.get(0);
    }
}
