package care.ketamine.intake.outcome;

import care.ketamine.intake.domain.Contact;
import care.ketamine.intake.domain.EligibilityDecision;
import care.ketamine.intake.domain.EligibilityEngine;
import care.ketamine.intake.domain.PatientDetails;
import care.ketamine.intake.domain.Questionnaire;
import care.ketamine.intake.domain.Screening;
import care.ketamine.intake.patient.Patient;
import care.ketamine.intake.screening.ScreeningRecord;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * A synthetic cohort for the local stack ({@code intake.demo-data=true}), so that the outcome
 * figures have something to show: patients with a baseline in the last 8 months and follow-ups
 * at weeks 2, 4, 6 and 10, most improving, some not. Fixed seed: the same cohort every time.
 * Written straight to the tables (no events): it is intake's own history, not new activity.
 */
@ApplicationScoped
class DemoCohort {

    static final String DEMO_EMAIL_DOMAIN = "@demo.invalid";
    private static final int PATIENTS = 80;
    private static final int[] FOLLOW_UP_DAYS = {14, 28, 42, 70};

    private final boolean enabled;
    private final Clock clock;

    DemoCohort(@ConfigProperty(name = "intake.demo-data", defaultValue = "false") boolean enabled, Clock clock) {
        this.enabled = enabled;
        this.clock = clock;
    }

    @Transactional
    void seed(@Observes StartupEvent start) {
        if (!enabled || Patient.count("email like ?1", "%" + DEMO_EMAIL_DOMAIN) > 0) {
            return;
        }
        Random random = new Random(20261126L);
        Instant now = clock.instant();
        EligibilityEngine engine = new EligibilityEngine();
        for (int i = 0; i < PATIENTS; i++) {
            Instant baselineAt = now.minus(Duration.ofDays(75 + random.nextInt(170)));
            Patient patient = patient(i, baselineAt);
            List<Integer> phq9 = answers(random, 9, 11 + random.nextInt(14));
            List<Integer> gad7 = answers(random, 7, 6 + random.nextInt(14));
            screening(patient.id, baselineAt, phq9, gad7, engine);
            // Most improve along a curve; about one in five does not respond.
            double depth = random.nextDouble() < 0.2 ? 0.1 + 0.2 * random.nextDouble() : 0.5 + 0.4 * random.nextDouble();
            for (int day : FOLLOW_UP_DAYS) {
                double progress = Math.min(1.0, day / 42.0);
                int phq9Total = Math.max(0, (int) Math.round(sum(phq9) * (1 - depth * progress)) + random.nextInt(3) - 1);
                int gad7Total = Math.max(0, (int) Math.round(sum(gad7) * (1 - depth * 0.9 * progress)) + random.nextInt(3) - 1);
                measure(patient.id, baselineAt.plus(Duration.ofDays(day)), answers(random, 9, phq9Total),
                        answers(random, 7, gad7Total));
            }
        }
        Log.infof("seeded a demo cohort of %d synthetic patients", PATIENTS);
    }

    private Patient patient(int i, Instant registeredAt) {
        Patient patient = new Patient();
        patient.id = UUID.randomUUID();
        patient.registeredAt = registeredAt;
        String phone = String.format("+1 555 010 %04d", i);
        patient.apply(new PatientDetails("Demo", "Patient " + (i + 1), LocalDate.of(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                phone, "demo" + (i + 1) + DEMO_EMAIL_DOMAIN, List.of("CA", "NY", "TX", "OR", "FL").get(i % 5),
                "America/Los_Angeles", null, null, new Contact("Demo Contact", "+1 555 010 9999", "friend"),
                new Contact("Demo Sitter", "+1 555 010 8888", "partner")), registeredAt);
        patient.persist();
        return patient;
    }

    private static void screening(UUID patientId, Instant at, List<Integer> phq9, List<Integer> gad7, EligibilityEngine engine) {
        EligibilityDecision decision = engine.decide(new Screening(phq9, gad7, true, 2, false, false, Set.of(), Set.of(),
                126, 80, 72));
        ScreeningRecord s = new ScreeningRecord();
        s.id = UUID.randomUUID();
        s.patientId = patientId;
        s.screenedAt = at;
        s.screenedBy = "demo-seed";
        s.phq9Answers = phq9.toArray(Integer[]::new);
        s.gad7Answers = gad7.toArray(Integer[]::new);
        s.phq9Total = decision.phq9().total();
        s.phq9Band = decision.phq9().band();
        s.gad7Total = decision.gad7().total();
        s.gad7Band = decision.gad7().band();
        s.selfHarmFollowUp = decision.selfHarmFollowUp();
        s.majorDepressiveDisorder = true;
        s.failedTrials = 2;
        s.contraindications = new String[0];
        s.medications = new String[0];
        s.baselineSystolic = 126;
        s.baselineDiastolic = 80;
        s.baselineHeartRate = 72;
        s.eligibility = decision.outcome().name();
        s.urgentReview = false;
        s.reasons = "[]";
        s.persist();
    }

    private static void measure(UUID patientId, Instant at, List<Integer> phq9, List<Integer> gad7) {
        OutcomeMeasure m = new OutcomeMeasure();
        m.id = UUID.randomUUID();
        m.patientId = patientId;
        m.measuredAt = at;
        m.phq9Answers = phq9.toArray(Integer[]::new);
        m.gad7Answers = gad7.toArray(Integer[]::new);
        m.phq9Total = Questionnaire.PHQ9.score(phq9).total();
        m.gad7Total = Questionnaire.GAD7.score(gad7).total();
        m.recordedBy = "demo-seed";
        m.recordedAt = at;
        m.persist();
    }

    /** Item answers (0-3) adding up to the total (capped at the maximum), spread at random. */
    private static List<Integer> answers(Random random, int items, int total) {
        List<Integer> answers = new ArrayList<>(java.util.Collections.nCopies(items, 0));
        int left = Math.min(total, 3 * items);
        while (left > 0) {
            int i = random.nextInt(items);
            if (answers.get(i) < 3) {
                answers.set(i, answers.get(i) + 1);
                left--;
            }
        }
        return answers;
    }

    private static int sum(List<Integer> answers) {
        return answers.stream().mapToInt(Integer::intValue).sum();
    }
}
