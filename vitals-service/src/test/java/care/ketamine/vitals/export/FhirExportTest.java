package care.ketamine.vitals.export;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import care.ketamine.contracts.vitals.DeviceKinds;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.vitals.SessionFixture;
import care.ketamine.vitals.projection.ReadingHistory;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static care.ketamine.vitals.SessionFixture.asClinician;
import static care.ketamine.vitals.SessionFixture.asDevice;
import static care.ketamine.vitals.SessionFixture.asSitter;
import static care.ketamine.vitals.SessionFixture.awaitState;
import static care.ketamine.vitals.SessionFixture.checkedIn;
import static care.ketamine.vitals.SessionFixture.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class FhirExportTest {

    private static final FhirContext R4 = FhirContext.forR4();
    private static FhirValidator validator;

    @Inject
    ReadingHistory history;

    @BeforeAll
    static void offlineValidator() {
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(R4),
                new InMemoryTerminologyServerValidationSupport(R4), new CommonCodeSystemsTerminologyService(R4));
        validator = R4.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
    }

    @Test
    void shouldExportReadingsAndCheckInsAsAValidR4BundleWithLoincCodesAndUcumUnits() {
        String session = checkedIn();
        LifecycleProbe.dosed(session, Instant.now().minus(Duration.ofMinutes(1)));
        awaitState(session, "DOSED");
        asDevice(session).body(reading("f-1", 128, 82)).post("/sessions/{id}/readings", session).then().statusCode(202);
        asDevice(session).body("{\"readingId\": \"f-2\", \"systolic\": 140, \"diastolic\": 90, \"measuredAt\": \"%s\"}"
                .formatted(Instant.now().minusSeconds(1))).post("/sessions/{id}/readings", session).then().statusCode(202);
        asDevice(session).body("""
                {"checkInId": "c-1", "unreality": 2, "bodyDisconnection": 1, "timeDistortion": 3, "nausea": 4, "anxiety": 2,
                 "feelsOk": true, "answeredAt": "%s"}""".formatted(Instant.now().minusSeconds(2)))
                .post("/sessions/{id}/check-ins/patient", session).then().statusCode(202);
        asSitter(session).body("{\"checkInId\": \"s-1\", \"moaas\": 4, \"sitterPresent\": true, \"answeredAt\": \"%s\"}"
                .formatted(Instant.now().minusSeconds(2))).post("/sessions/{id}/check-ins/sitter", session).then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> history.countForSession(session) == 2
                && history.checkInsBetween(session, Instant.EPOCH, Instant.now().plusSeconds(60), 10).size() == 2);

        String json = asClinician().queryParam("_format", "fhir").get("/sessions/{id}/observations", session)
                .then().statusCode(200).contentType("application/fhir+json").extract().asString();

        ValidationResult result = validator.validateWithResult(json);
        List<SingleValidationMessage> errors = result.getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()).toList();
        assertThat(errors).as(() -> errors.stream().map(m -> m.getLocationString() + " " + m.getMessage()).toList().toString())
                .isEmpty();

        Bundle bundle = R4.newJsonParser().parseResource(Bundle.class, json);
        List<Observation> observations = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Observation.class::isInstance).map(Observation.class::cast).toList();
        // f-1: BP, HR and SpO2; f-2: BP only.
        assertThat(observations).extracting(o -> o.getCode().getCodingFirstRep().getCode())
                .containsExactly("85354-9", "8867-4", "59408-5", "85354-9");
        Observation bp = observations.get(0);
        assertThat(bp.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("vital-signs");
        assertThat(bp.getComponent()).extracting(c -> c.getCode().getCodingFirstRep().getCode() + "=" + c.getValueQuantity().getValue()
                + " " + c.getValueQuantity().getCode()).containsExactly("8480-6=128 mm[Hg]", "8462-4=82 mm[Hg]");
        assertThat(bp.getSubject().getReference()).isEqualTo("Patient/patient-1");
        assertThat(bp.getDevice().getReference()).startsWith("Device/");
        assertThat(bp.hasEffectiveDateTimeType()).isTrue();
        assertThat(observations.get(1).getValueQuantity().getCode()).isEqualTo("/min");
        assertThat(observations.get(2).getCode().getCoding()).extracting(c -> c.getCode()).containsExactly("59408-5", "2708-6");
        assertThat(observations.get(2).getValueQuantity().getCode()).isEqualTo("%");

        List<QuestionnaireResponse> checkIns = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(QuestionnaireResponse.class::isInstance).map(QuestionnaireResponse.class::cast).toList();
        assertThat(checkIns).hasSize(2);
        assertThat(checkIns).anySatisfy(q -> assertThat(q.getItem()).extracting(QuestionnaireResponse.QuestionnaireResponseItemComponent::getLinkId)
                .containsExactly("unreality", "body-disconnection", "time-distortion", "nausea", "anxiety", "feels-ok"));
        assertThat(checkIns).anySatisfy(q -> assertThat(q.getItem().get(0).getAnswerFirstRep().getValueIntegerType().getValue())
                .isEqualTo(4));
    }

    @Test
    void shouldExportAnOximetersReadingWithoutABloodPressurePanelAndRespiratoryRateAsLoinc92791() {
        String session = checkedIn();
        String oximeter = SessionFixture.paired(session, DeviceKinds.PULSE_OXIMETER);
        String cuff = SessionFixture.paired(session, DeviceKinds.BP_CUFF);
        SessionFixture.asDevice(session, oximeter).body("""
                {"readingId": "ox-1", "spo2": 94, "heartRate": 66, "respiratoryRate": 12, "perfusionIndex": 1.8,
                 "measuredAt": "%s"}""".formatted(Instant.now().minusSeconds(20)))
                .post("/sessions/{id}/readings", session).then().statusCode(202);
        SessionFixture.asDevice(session, cuff).body("""
                {"readingId": "cu-1", "systolic": 132, "diastolic": 84, "respiratoryRate": 13, "measuredAt": "%s"}"""
                .formatted(Instant.now().minusSeconds(10))).post("/sessions/{id}/readings", session).then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> history.countForSession(session) == 2);

        String json = asClinician().queryParam("_format", "fhir").get("/sessions/{id}/observations", session)
                .then().statusCode(200).contentType("application/fhir+json").extract().asString();

        List<SingleValidationMessage> errors = validator.validateWithResult(json).getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()).toList();
        assertThat(errors).as(() -> errors.stream().map(m -> m.getLocationString() + " " + m.getMessage()).toList().toString())
                .isEmpty();
        List<Observation> observations = R4.newJsonParser().parseResource(Bundle.class, json).getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource).filter(Observation.class::isInstance)
                .map(Observation.class::cast).toList();
        // ox-1: heart rate, SpO2 and respiratory rate, no BP panel; cu-1: BP panel and respiratory rate, no SpO2.
        assertThat(observations).extracting(o -> o.getCode().getCodingFirstRep().getCode())
                .containsExactly("8867-4", "59408-5", "9279-1", "85354-9", "9279-1");
        Observation rr = observations.get(2);
        assertThat(rr.getValueQuantity().getValue().intValue()).isEqualTo(12);
        assertThat(rr.getValueQuantity().getCode()).isEqualTo("/min");
        assertThat(rr.getValueQuantity().getSystem()).isEqualTo("http://unitsofmeasure.org");
        assertThat(rr.getMeta().getProfile().get(0).getValue()).isEqualTo("http://hl7.org/fhir/StructureDefinition/resprate");
        assertThat(rr.getDevice().getReference()).startsWith("Device/").endsWith(oximeter);
    }

    @Test
    void shouldFailValidationForAPanelWithoutItsDiastolicComponent() {
        // The check above can fail: the same validator refuses a BP panel missing a required component.
        String broken = """
                {"resourceType": "Observation", "meta": {"profile": ["http://hl7.org/fhir/StructureDefinition/bp"]},
                 "status": "final",
                 "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}],
                 "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
                 "subject": {"reference": "Patient/p"}, "effectiveDateTime": "2026-11-26T15:00:00Z",
                 "component": [{"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                   "valueQuantity": {"value": 128, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}]}""";
        assertThat(validator.validateWithResult(broken).getMessages())
                .anyMatch(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal());
    }
}
