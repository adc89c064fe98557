package care.ketamine.vitals.export;

import care.ketamine.vitals.projection.HistoricCheckIn;
import care.ketamine.vitals.projection.HistoricReading;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A session's observations as a FHIR R4 Bundle (clinical reference, "Device data and
 * interoperability"). Each reading becomes, for what it measured, a BP panel (85354-9 with 8480-6 and
 * 8462-4; none for an oximeter's reading), a heart rate (8867-4), an SpO2 (59408-5 with 2708-6) and a
 * respiratory rate (9279-1, /min) Observation: category vital-signs, UCUM units, effectiveDateTime (the
 * corrected measurement time, so the bundle is in the session's timeline order), the patient as subject
 * and the paired device.
 * Check-ins become QuestionnaireResponses: they are answers to questions, not measurements with a
 * standard code (the dissociation check is an adaptation of CADSS items; MOAA/S has no LOINC code).
 */
public final class FhirBundle {

    public static final String MEDIA_TYPE = "application/fhir+json";
    static final String LOINC = "http://loinc.org";
    static final String UCUM = "http://unitsofmeasure.org";
    static final String PATIENT_QUESTIONNAIRE = "https://ketamine.local/fhir/Questionnaire/brief-dissociation-check-in";
    static final String SITTER_QUESTIONNAIRE = "https://ketamine.local/fhir/Questionnaire/sitter-check-in";

    private final ObjectMapper json = new ObjectMapper();

    /** @param patientId the session's patient, or null when vitals has not learnt it */
    public ObjectNode of(String sessionId, String patientId, Instant generatedAt, List<HistoricReading> readings,
                         List<HistoricCheckIn> checkIns) {
        ObjectNode bundle = json.createObjectNode()
                .put("resourceType", "Bundle")
                .put("id", UUID.nameUUIDFromBytes(("session-observations:" + sessionId).getBytes()).toString())
                .put("type", "collection")
                .put("timestamp", generatedAt.toString());
        bundle.putObject("identifier").put("system", "https://ketamine.local/fhir/session").put("value", sessionId);
        ArrayNode entries = bundle.putArray("entry");
        String subject = "Patient/" + (patientId == null ? "unknown" : patientId);
        for (HistoricReading r : readings) {
            if (r.hasBloodPressure()) {
                add(entries, bloodPressure(r, subject));
            }
            if (r.heartRate() != null) {
                add(entries, heartRate(r, subject));
            }
            if (r.spo2() != null) {
                add(entries, oxygenSaturation(r, subject));
            }
            if (r.respiratoryRate() != null) {
                add(entries, respiratoryRate(r, subject));
            }
        }
        for (HistoricCheckIn c : checkIns) {
            add(entries, "patient".equals(c.respondent()) ? patientCheckIn(c, subject) : sitterCheckIn(c, subject));
        }
        return bundle;
    }

    private static void add(ArrayNode entries, ObjectNode resource) {
        entries.addObject().put("fullUrl", "urn:uuid:" + resource.get("id").asText()).set("resource", resource);
    }

    private ObjectNode bloodPressure(HistoricReading r, String subject) {
        ObjectNode o = vitalSign(r, "bp", subject, "bp", coding("85354-9", "Blood pressure panel with all children optional"),
                "Blood pressure");
        ArrayNode components = o.putArray("component");
        component(components, "8480-6", "Systolic blood pressure", r.systolic(), "mmHg", "mm[Hg]");
        component(components, "8462-4", "Diastolic blood pressure", r.diastolic(), "mmHg", "mm[Hg]");
        return o;
    }

    private ObjectNode heartRate(HistoricReading r, String subject) {
        ObjectNode o = vitalSign(r, "hr", subject, "heartrate", coding("8867-4", "Heart rate"), "Heart rate");
        quantity(o.putObject("valueQuantity"), r.heartRate(), "beats/minute", "/min");
        return o;
    }

    private ObjectNode respiratoryRate(HistoricReading r, String subject) {
        ObjectNode o = vitalSign(r, "rr", subject, "resprate", coding("9279-1", "Respiratory rate"), "Respiratory rate");
        quantity(o.putObject("valueQuantity"), r.respiratoryRate(), "breaths/minute", "/min");
        return o;
    }

    private ObjectNode oxygenSaturation(HistoricReading r, String subject) {
        ObjectNode o = vitalSign(r, "spo2", subject, "oxygensat",
                coding("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry"), "SpO2");
        ((ArrayNode) o.get("code").get("coding")).add(coding("2708-6", "Oxygen saturation in Arterial blood"));
        quantity(o.putObject("valueQuantity"), r.spo2(), "%", "%");
        return o;
    }

    private ObjectNode vitalSign(HistoricReading r, String part, String subject, String profile, ObjectNode code, String text) {
        ObjectNode o = json.createObjectNode()
                .put("resourceType", "Observation")
                .put("id", UUID.nameUUIDFromBytes((r.eventId() + ":" + part).getBytes()).toString());
        o.putObject("meta").putArray("profile").add("http://hl7.org/fhir/StructureDefinition/" + profile);
        o.putArray("identifier").addObject().put("system", "https://ketamine.local/fhir/reading")
                .put("value", r.eventId() + ":" + part);
        o.put("status", "final");
        ObjectNode category = o.putArray("category").addObject();
        category.putArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/observation-category")
                .put("code", "vital-signs").put("display", "Vital Signs");
        category.put("text", "Vital Signs");
        ObjectNode concept = o.putObject("code");
        concept.putArray("coding").add(code);
        concept.put("text", text);
        o.putObject("subject").put("reference", subject);
        o.put("effectiveDateTime", r.measuredAt().toString());
        o.put("issued", r.receivedAt().toString());
        o.putObject("device").put("reference", "Device/" + r.deviceId());
        return o;
    }

    private void component(ArrayNode components, String loinc, String display, int value, String unit, String ucum) {
        ObjectNode c = components.addObject();
        ObjectNode code = c.putObject("code");
        code.putArray("coding").add(coding(loinc, display));
        code.put("text", display);
        quantity(c.putObject("valueQuantity"), value, unit, ucum);
    }

    private static void quantity(ObjectNode q, int value, String unit, String ucum) {
        q.put("value", value).put("unit", unit).put("system", UCUM).put("code", ucum);
    }

    private ObjectNode coding(String loinc, String display) {
        return json.createObjectNode().put("system", LOINC).put("code", loinc).put("display", display);
    }

    private ObjectNode patientCheckIn(HistoricCheckIn c, String subject) {
        ObjectNode q = questionnaireResponse(c, subject, PATIENT_QUESTIONNAIRE);
        ArrayNode items = q.putArray("item");
        integer(items, "unreality", "Do things seem unreal, as if in a dream? (0-4; adapted from CADSS items)", c.unreality());
        integer(items, "body-disconnection", "Do you feel disconnected from your body? (0-4; adapted from CADSS items)",
                c.bodyDisconnection());
        integer(items, "time-distortion", "Does time seem to have sped up or slowed down? (0-4; adapted from CADSS items)",
                c.timeDistortion());
        integer(items, "nausea", "Nausea (0-10)", c.nausea());
        integer(items, "anxiety", "Anxiety (0-10)", c.anxiety());
        bool(items, "feels-ok", "I am OK", c.feelsOk());
        return q;
    }

    private ObjectNode sitterCheckIn(HistoricCheckIn c, String subject) {
        ObjectNode q = questionnaireResponse(c, subject, SITTER_QUESTIONNAIRE);
        ArrayNode items = q.putArray("item");
        integer(items, "moaas", "MOAA/S as observed by the sitter (0-5)", c.moaas());
        bool(items, "sitter-present", "The sitter is in the home, within voice range", c.sitterPresent());
        return q;
    }

    private ObjectNode questionnaireResponse(HistoricCheckIn c, String subject, String questionnaire) {
        ObjectNode q = json.createObjectNode()
                .put("resourceType", "QuestionnaireResponse")
                .put("id", c.eventId().toString());
        q.putObject("identifier").put("system", "https://ketamine.local/fhir/check-in").put("value", c.checkInId());
        q.put("questionnaire", questionnaire);
        q.put("status", "completed");
        q.putObject("subject").put("reference", subject);
        q.put("authored", c.answeredAt().toString());
        q.putObject("author").put("reference", "Device/" + c.deviceId());
        return q;
    }

    private static void integer(ArrayNode items, String linkId, String text, Integer value) {
        ObjectNode item = items.addObject().put("linkId", linkId).put("text", text);
        item.putArray("answer").addObject().put("valueInteger", value);
    }

    private static void bool(ArrayNode items, String linkId, String text, Boolean value) {
        ObjectNode item = items.addObject().put("linkId", linkId).put("text", text);
        item.putArray("answer").addObject().put("valueBoolean", value);
    }
}
