package care.ketamine.system;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.ClinicianHours;
import care.ketamine.testsupport.DevKeys;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.TestInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The central station under the load: 50 live sessions of one clinician on one screen, every session's monitor
 * sending a reading every 2 seconds through vitals, a few of them in alarm (crises, low SpO2), for {@code -Dstation.load.minutes} (2 by
 * default; the measurement is 30). In the page, headless Chromium measures frame times (requestAnimationFrame
 * deltas) and long tasks; on session-service's metrics, the station stream's reads and sends against the readings
 * arriving; over the DevTools protocol, the JS heap, DOM nodes and event
 * listeners after a forced garbage collection, at the start of the load and at its end. Every 30 s a probe reading with
 * figures the load never sends is timed from vitals' acceptance to its tile. The figures are printed ("station load:"
 * lines) and held to limits (the measurement starts after a minute's warm-up, once every tile shows a reading and the
 * first alarms); the 50-tile screenshot goes to system-tests/target/screenshots/station-50.png.
 */
class StationLoadIT {

    private static final String PASSWORD = "demo-password";
    private static final String CLINICIAN = "dr.load-" + UUID.randomUUID().toString().substring(0, 6);
    private static final int SESSIONS = Integer.getInteger("station.load.sessions", 50);
    private static final Duration LOAD = Duration.ofSeconds(Math.round(
            Double.parseDouble(System.getProperty("station.load.minutes", "2")) * 60));
    private static final Duration READING_EVERY = Duration.ofMillis(Long.getLong("station.load.reading-ms", 2000));
    private static final Duration PROBE_EVERY = Duration.ofSeconds(30);
    private static final Duration WARM_UP = Duration.ofSeconds(60);
    private static final String CLINICIANS_ZONE = "America/Chicago";
    /** How soon session-service's station stream reads a changed station (StationStreams.SOON): at most one read per wait. */
    private static final long STATION_STREAM_SOON_MS = 250;
    private static final List<String> FIRST = List.of("Alex", "Blair", "Casey", "Dana", "Eli", "Frankie", "Gray", "Harper",
            "Indra", "Jordan");
    private static final List<String> LAST = List.of("Rivera", "Okafor", "Lindqvist", "Tanaka", "Moreau");

    private static final List<ServiceProcess> running = new ArrayList<>();
    private static ServiceProcess sessions;
    private static ServiceProcess vitals;
    /** The next hour the clinician's calendar may have free, for the next booking. */
    private static Instant calendar;

    /** A live session of the load: its id, the monitor's token and the patient's name as the tile shows it. */
    private record Live(String session, String device, String patient) {
    }

    @BeforeAll
    static void startTheServices() {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        List<String> console = List.of("-Dconsole.demo-users=" + CLINICIAN + ":clinician:Dr Load",
                "-Dconsole.demo-password=" + PASSWORD);
        sessions = ServiceProcess.start("session-service", "session-service-load", infrastructure, console);
        vitals = ServiceProcess.start("vitals-service", "vitals-service-load", infrastructure, List.of());
        running.addAll(List.of(sessions, vitals,
                ServiceProcess.start("alerting-service", "alerting-service-load", infrastructure, List.of())));
        running.forEach(ServiceProcess::awaitReady);
    }

    @AfterAll
    static void stopTheServices() throws InterruptedException {
        for (ServiceProcess service : running) {
            service.close();
        }
    }

    @Test
    void shouldShowFiftyLiveSessionsWithoutJankOrGrowingMemoryUnderLoad() throws Exception {
        List<Live> live = liveSessions();
        Load load = new Load(live);
        ChromeDriver browser = browser();
        try {
            // Alarms on a few tiles: crises (CRITICAL) and desaturations (WARNING), more as the load runs.
            for (int i = 0; i < 2; i++) {
                load.crisis(live.get(i));
            }
            for (int i = 2; i < 5; i++) {
                load.desaturation(live.get(i));
            }
            load.start();

            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            signIn(browser);
            browser.get(sessions.url("/console/station"));
            Set<String> ids = live.stream().map(Live::session).collect(Collectors.toSet());
            wait.until(d -> ids.equals(Set.copyOf(tileIds(browser))) && everyTileHasAReading(browser));
            wait.until(ExpectedConditions.textMatches(By.id("alarm-banner"),
                    java.util.regex.Pattern.compile("^[1-9]\\d* CRITICAL .* · [1-9]\\d* WARNING")));

            browser.executeScript(MEASURE);
            browser.executeCdpCommand("Performance.enable", Map.of());
            browser.executeCdpCommand("HeapProfiler.enable", Map.of());
            // The first alarms' tiles settle and the services' JVMs warm to the load before the measurement starts.
            Thread.sleep(WARM_UP.toMillis());
            System.out.printf("station load: warm-up (%d s): %s%n", WARM_UP.toSeconds(), frames(frameFigures(browser)));
            Map<String, Double> before = memoryAfterGc(browser);
            browser.executeScript("window.stationLoad.reset()");
            Map<String, Double> streamStart = stationStream();
            long acceptedAtStart = load.accepted.get();
            Instant started = Instant.now();
            System.out.printf("station load: %d sessions, a reading each every %d ms, for %s; at the start: %s%n",
                    live.size(), READING_EVERY.toMillis(), LOAD, memory(before));

            List<Long> probes = new ArrayList<>();
            Instant end = started.plus(LOAD);
            Instant nextMinute = started.plus(Duration.ofMinutes(1));
            int probe = 0, alarms = 0;
            while (Instant.now().isBefore(end)) {
                Live probed = live.get(5 + probe % (live.size() - 5));
                probes.add(load.probe(browser, probed, probe++));
                if (Instant.now().isAfter(nextMinute)) {
                    // A new alarm every minute of the load, on a tile further down.
                    load.crisis(live.get(5 + (alarms++ * 7) % (live.size() - 5)));
                    System.out.printf("station load: minute %d: %s; %s; readings %s%n",
                            Duration.between(started, Instant.now()).toMinutes(), lastMinute(browser), memory(metrics(browser)),
                            load.counts());
                    nextMinute = nextMinute.plus(Duration.ofMinutes(1));
                }
                Thread.sleep(Math.max(0, Math.min(PROBE_EVERY.toMillis(), Duration.between(Instant.now(), end).toMillis())));
            }

            Map<String, Object> page = frameFigures(browser);
            Duration measured = Duration.between(started, Instant.now());
            Map<String, Double> streamEnd = stationStream();
            Map<String, Double> after = memoryAfterGc(browser);
            load.stop();
            List<Long> sorted = probes.stream().sorted().toList();
            System.out.printf("station load: RESULT over %d s with %d tiles: %s%n", measured.toSeconds(), live.size(), frames(page));
            System.out.printf("station load: RESULT memory after GC: start %s; end %s; heap growth %.2f MB, nodes %+d, listeners %+d%n",
                    memory(before), memory(after), (after.get("JSHeapUsedSize") - before.get("JSHeapUsedSize")) / 1e6,
                    Math.round(after.get("Nodes") - before.get("Nodes")),
                    Math.round(after.get("JSEventListeners") - before.get("JSEventListeners")));
            System.out.printf("station load: RESULT main thread: script %.1f s, %d layouts %.1f s, %d style recalculations %.1f s,"
                            + " tasks %.1f s of %d s (%.0f%% busy)%n", delta(before, after, "ScriptDuration"),
                    Math.round(delta(before, after, "LayoutCount")), delta(before, after, "LayoutDuration"),
                    Math.round(delta(before, after, "RecalcStyleCount")), delta(before, after, "RecalcStyleDuration"),
                    delta(before, after, "TaskDuration"), measured.toSeconds(), 100 * delta(before, after, "TaskDuration") / measured.toSeconds());
            double seconds = measured.toMillis() / 1000.0;
            double readingsPerSecond = (load.accepted.get() - acceptedAtStart) / seconds;
            double readCount = delta(streamStart, streamEnd, "console_station_reads_seconds_count");
            double reads = readCount / seconds;
            double readMean = readCount == 0 ? 0 : 1000 * delta(streamStart, streamEnd, "console_station_reads_seconds_sum") / readCount;
            System.out.printf("station load: RESULT station stream: %.1f readings/s arriving, %.2f station reads/s (mean %.0f ms,"
                            + " max %.0f ms in the last window), %.2f stations sent/s%n", readingsPerSecond, reads, readMean,
                    1000 * streamEnd.getOrDefault("console_station_reads_seconds_max", 0.0),
                    delta(streamStart, streamEnd, "console_station_sent_total") / seconds);
            System.out.printf("station load: RESULT reading accepted by vitals to its tile: %d probes, median %d ms, max %d ms;"
                    + " readings %s%n", sorted.size(), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), load.counts());

            screenshot(browser);

            // All 50 still shown, each with its patient's name and a fresh reading, the alarms on top.
            assertThat(tileIds(browser)).containsExactlyInAnyOrderElementsOf(ids);
            String wall = browser.findElement(By.id("tiles")).getText();
            live.forEach(l -> assertThat(wall).contains(l.patient()));
            assertThat(browser.findElements(By.cssSelector("#tiles article.tile .measure.stale"))).as("stale measures").isEmpty();
            assertThat(browser.findElement(By.cssSelector("#tiles article.tile")).getAttribute("data-urgency")).isEqualTo("CRITICAL");
            assertThat(browser.findElements(By.cssSelector("#tiles article.tile.WARNING"))).as("tiles at low SpO2").hasSize(3);
            assertThat(load.refused.get()).as("readings refused by vitals: " + load.firstRefusal.get()).isZero();

            assertThat(((Number) page.get("frames")).longValue()).as("frames drawn").isGreaterThan(measured.toSeconds() * 20);
            assertThat(((Number) page.get("p95")).doubleValue()).as("95th percentile frame time, ms").isLessThan(50);
            // Long tasks are printed, not bounded: on a machine whose cores the services share, they measure the machine.
            // One station stream for the page; changes coalesced (a read per wait, not per reading), each read quick.
            assertThat(streamEnd.get("console_station_streams")).as("open station streams").isEqualTo(1.0);
            assertThat(reads).as("station reads per second, against %.0f readings a second", readingsPerSecond)
                    .isLessThan(1000.0 / STATION_STREAM_SOON_MS + 1);
            assertThat(readMean).as("mean station read, ms").isLessThan(500);
            assertThat(sorted.get(sorted.size() / 2)).as("median reading-to-tile time, ms").isLessThan(2500);
            assertThat(sorted.get(sorted.size() - 1)).as("slowest reading-to-tile time, ms").isLessThan(5000);
            // The page's memory is what 50 tiles need, whatever the duration: no growth but noise after a collection.
            assertThat(after.get("JSHeapUsedSize") - before.get("JSHeapUsedSize")).as("JS heap growth, bytes").isLessThan(4e6);
            assertThat(after.get("Nodes") - before.get("Nodes")).as("DOM node growth").isLessThan(3000);
            assertThat(after.get("JSEventListeners") - before.get("JSEventListeners")).as("event listener growth").isLessThan(300);
        } finally {
            load.stop();
            browser.quit();
        }
    }

    // ---- The page's figures ----------------------------------------------------------------------------------

    /**
     * Frame times as a histogram of whole milliseconds (constant memory, however long the load) and long tasks,
     * from reset() on.
     */
    private static final String MEASURE = """
            const figures = () => ({hist: new Uint32Array(1001), frames: 0, max: 0, longTasks: 0, longTaskMs: 0, longestTask: 0});
            const s = window.stationLoad = {};
            s.reset = () => { s.all = figures(); s.minute = figures(); };
            s.reset();
            const each = f => [s.all, s.minute].forEach(f);
            let last = null;
            const frame = t => {
              if (last != null) {
                const d = t - last;
                each(x => { x.hist[Math.min(1000, Math.round(d))]++; x.frames++; x.max = Math.max(x.max, d); });
              }
              last = t;
              requestAnimationFrame(frame);
            };
            requestAnimationFrame(frame);
            new PerformanceObserver(l => l.getEntries().forEach(e => each(x => {
              x.longTasks++; x.longTaskMs += e.duration; x.longestTask = Math.max(x.longestTask, e.duration);
            }))).observe({type: 'longtask'});
            const quantile = (hist, count, q) => {
              let seen = 0;
              for (let i = 0; i < hist.length; i++) { seen += hist[i]; if (seen >= q * count) return i; }
              return hist.length - 1;
            };
            // The figures since reset(), or (lastMinute) since the previous call with it.
            s.figures = lastMinute => {
              const x = lastMinute ? s.minute : s.all;
              if (lastMinute) s.minute = figures();
              return {frames: x.frames, median: quantile(x.hist, x.frames, 0.5), p95: quantile(x.hist, x.frames, 0.95),
                p99: quantile(x.hist, x.frames, 0.99), max: Math.round(x.max), longTasks: x.longTasks,
                longTaskMs: Math.round(x.longTaskMs), longestTask: Math.round(x.longestTask)};
            };""";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> frameFigures(ChromeDriver browser) {
        return (Map<String, Object>) browser.executeScript("return window.stationLoad.figures(false)");
    }

    @SuppressWarnings("unchecked")
    private static String lastMinute(ChromeDriver browser) {
        return frames((Map<String, Object>) browser.executeScript("return window.stationLoad.figures(true)"));
    }

    private static String frames(Map<String, Object> f) {
        return "frames %s: median %s ms, p95 %s ms, p99 %s ms, max %s ms; long tasks %s (%s ms in all, longest %s ms)".formatted(
                f.get("frames"), f.get("median"), f.get("p95"), f.get("p99"), f.get("max"), f.get("longTasks"), f.get("longTaskMs"),
                f.get("longestTask"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> metrics(ChromeDriver browser) {
        List<Map<String, Object>> metrics = (List<Map<String, Object>>) browser.executeCdpCommand("Performance.getMetrics", Map.of())
                .get("metrics");
        return metrics.stream().collect(Collectors.toMap(m -> (String) m.get("name"), m -> ((Number) m.get("value")).doubleValue()));
    }

    private static Map<String, Double> memoryAfterGc(ChromeDriver browser) {
        browser.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
        return metrics(browser);
    }

    private static String memory(Map<String, Double> m) {
        return "JS heap %.2f MB used of %.2f MB, %d DOM nodes, %d event listeners".formatted(m.get("JSHeapUsedSize") / 1e6,
                m.get("JSHeapTotalSize") / 1e6, Math.round(m.get("Nodes")), Math.round(m.get("JSEventListeners")));
    }

    /** The station stream's figures on session-service's metrics: open streams, reads (count, sum, max), stations sent. */
    private static Map<String, Double> stationStream() {
        String metrics = given().get(sessions.managementUrl("/q/metrics")).then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("console_station_"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(l.contains("{") ? '{' : ' ')),
                        l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)), Double::sum));
    }

    /** A DevTools counter's (or duration's, in seconds) increase between two samples. */
    private static double delta(Map<String, Double> before, Map<String, Double> after, String metric) {
        return after.getOrDefault(metric, 0.0) - before.getOrDefault(metric, 0.0);
    }

    @SuppressWarnings("unchecked")
    private static List<String> tileIds(ChromeDriver browser) {
        return (List<String>) browser.executeScript(
                "return [...document.querySelectorAll('#tiles article.tile')].map(t => t.dataset.sessionId)");
    }

    private static boolean everyTileHasAReading(ChromeDriver browser) {
        return Boolean.TRUE.equals(browser.executeScript(
                "return [...document.querySelectorAll('#tiles dd.bp')].every(d => d.textContent !== '—')"));
    }

    // ---- The load: every monitor sending, alarms, probes ----------------------------------------------------------

    /** Every live session's monitor sending a normal reading every READING_EVERY, staggered; alarms and probes on demand. */
    private static final class Load {
        private final List<Live> live;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        private final ScheduledExecutorService monitors = Executors.newScheduledThreadPool(2);
        /** Sessions whose monitor holds its normal readings while a probe or an alarm reading is theirs. */
        private final Set<String> held = ConcurrentHashMap.newKeySet();
        /** Sessions whose patient sits at SpO2 91 %, below the plan's warning line and above its critical one. */
        private final Set<String> desaturated = ConcurrentHashMap.newKeySet();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicReference<String> firstRefusal = new AtomicReference<>();

        Load(List<Live> live) {
            this.live = live;
        }

        void start() {
            for (int i = 0; i < live.size(); i++) {
                Live l = live.get(i);
                java.util.Random figures = new java.util.Random(i);
                monitors.scheduleAtFixedRate(() -> {
                    if (!held.contains(l.session())) {
                        send(l, 112 + figures.nextInt(20), 70 + figures.nextInt(14), 68 + figures.nextInt(20),
                                desaturated.contains(l.session()) ? 91 : 95 + figures.nextInt(5)).thenAccept(this::count);
                    }
                }, READING_EVERY.toMillis() * i / live.size(), READING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        void stop() {
            monitors.shutdownNow();
        }

        String counts() {
            return accepted.get() + " accepted, " + refused.get() + " refused";
        }

        /** A response's outcome; a failed exchange (null) was counted where it failed. */
        private void count(HttpResponse<String> response) {
            if (response == null) {
                return;
            }
            if (response.statusCode() == 202) {
                accepted.incrementAndGet();
            } else {
                refused.incrementAndGet();
                firstRefusal.compareAndSet(null, response.statusCode() + " " + response.body());
            }
        }

        private java.util.concurrent.CompletableFuture<HttpResponse<String>> send(Live l, int systolic, int diastolic, int heartRate,
                                                                                    int spo2) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(vitals.url("/sessions/" + l.session() + "/readings")))
                    .header("Authorization", "Bearer " + l.device()).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"readingId": "%s", "systolic": %d, "diastolic": %d, "heartRate": %d, "spo2": %d, "measuredAt": "%s"}"""
                            .formatted(UUID.randomUUID(), systolic, diastolic, heartRate, spo2, Instant.now())))
                    .build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).exceptionally(e -> {
                refused.incrementAndGet();
                firstRefusal.compareAndSet(null, e.toString());
                return null;
            });
        }

        /** A hypertensive crisis: a CRITICAL alert on the tile. */
        void crisis(Live l) {
            count(send(l, 192, 124, 88, 97).join());
        }

        /** SpO2 below the plan's warning line and above its critical one from now on: two readings make a WARNING alert. */
        void desaturation(Live l) {
            desaturated.add(l.session());
            count(send(l, 124, 80, 84, 91).join());
            count(send(l, 124, 80, 84, 91).join());
        }

        /**
         * A reading with figures the load never sends (systolic 141-149, diastolic 86-89), timed from vitals' acceptance
         * until its tile shows it; the session's monitor holds its normal readings meanwhile.
         */
        long probe(ChromeDriver browser, Live l, int n) {
            String shown = (141 + n % 9) + "/" + (86 + n % 4);
            held.add(l.session());
            try {
                HttpResponse<String> response = send(l, 141 + n % 9, 86 + n % 4, 80, 97).join();
                long accepted = System.nanoTime();
                count(response);
                assertThat(response).as("probe reading: " + firstRefusal.get()).isNotNull();
                assertThat(response.statusCode()).as("probe reading: " + response.body()).isEqualTo(202);
                new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(50)).until(d -> shown.equals(((JavascriptExecutor) d)
                        .executeScript("const bp = document.querySelector(\"#tiles article[data-session-id='" + l.session()
                                + "'] dd.bp\"); return bp && bp.textContent")));
                return Duration.ofNanos(System.nanoTime() - accepted).toMillis();
            } finally {
                held.remove(l.session());
            }
        }
    }

    // ---- Fifty live sessions of one clinician ----------------------------------------------------------------

    private static List<Live> liveSessions() {
        String admin = DevTokens.forRole(Roles.ADMIN);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(ClinicianHours.availableAllDay(CLINICIAN, "Dr Load", CLINICIANS_ZONE))
                .post(sessions.url("/clinicians")).then().statusCode(201);
        List<String[]> patients = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            String first = FIRST.get(i % FIRST.size()), last = LAST.get(i / FIRST.size() % LAST.size());
            String patientId = UUID.randomUUID().toString();
            LocalDate born = LocalDate.now(ZoneOffset.UTC).minusYears(25 + i % 40).minusDays(2);
            TreatmentPlanApproved plan = new TreatmentPlanApproved(patientId, UUID.randomUUID().toString(), null, "CA",
                    "America/Los_Angeles", 6, 3, 300, new MonitoringThresholds(160, 90, 100, 160, 100, 40, 25, 120, 50, 92, 90),
                    124, 80, new TreatmentPlanApproved.Person("Sam " + last, "+1 415 555 0188", "spouse"),
                    new TreatmentPlanApproved.Person("Jo " + last, "+1 415 555 0101", "sister"), "dr-intake", Instant.now(),
                    List.of(), null, new care.ketamine.contracts.intake.DosingAddress("12 Oak St", "Oakland", "CA", "94607", "US",
                    null, "911"), true, new TreatmentPlanApproved.Patient(first, last, born));
            TopicProbe.send(Topics.INTAKE_PATIENTS, patientId,
                    EventJson.write(EventEnvelope.wrap(TreatmentPlanApproved.TYPE, patientId, plan, Clock.systemUTC())));
            patients.add(new String[]{patientId, first + " " + last + ", " + (25 + i % 40), "Sam " + last});
        }
        String clinician = DevTokens.sign(CLINICIAN, Roles.CLINICIAN, null, Duration.ofHours(2));
        calendar = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS);
        List<Live> live = new ArrayList<>();
        long began = System.nanoTime();
        for (String[] p : patients) {
            String prep = book(p[0], "PREPARATION", 30);
            given().auth().oauth2(clinician).contentType(ContentType.JSON).body("{}")
                    .post(sessions.url("/sessions/{id}/complete"), prep).then().statusCode(200);
            String dosing = book(p[0], "DOSING", 150);
            String device = given().auth().oauth2(clinician).contentType(ContentType.JSON)
                    .body("{\"role\": \"patient-device\", \"label\": \"monitor\"}")
                    .post(sessions.url("/sessions/{id}/devices"), dosing).then().statusCode(201).extract().path("token");
            given().auth().oauth2(clinician).contentType(ContentType.JSON)
                    .body("{\"patientOnline\": true, \"sitterName\": \"%s\", \"addressConfirmed\": true}".formatted(p[2]))
                    .post(sessions.url("/sessions/{id}/check-in"), dosing).then().statusCode(200);
            live.add(new Live(dosing, device, p[1]));
        }
        // The first reading of each: vitals answers 409 until it has heard of the check-in.
        for (Live l : live) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> given().auth().oauth2(l.device())
                    .contentType(ContentType.JSON).body("""
                            {"readingId": "%s", "systolic": 122, "diastolic": 78, "heartRate": 76, "spo2": 97, "measuredAt": "%s"}"""
                            .formatted(UUID.randomUUID(), Instant.now()))
                    .post(vitals.url("/sessions/{id}/readings"), l.session()).statusCode() == 202);
        }
        System.out.printf("station load: %d sessions booked, checked in and reading in %d s%n", live.size(),
                Duration.ofNanos(System.nanoTime() - began).toSeconds());
        return live;
    }

    /** A booking at the clinician's next free hour: one hour later for each hour their calendar or hours refuse. */
    private static String book(String patientId, String type, int minutes) {
        String scheduler = DevTokens.forRole(Roles.SCHEDULER);
        for (int hour = 0; hour < 72; hour++) {
            Instant start = calendar;
            // Until session-service has the plan from intake's topic, the booking is refused for want of it.
            ExtractableResponse<Response> answer = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> given().auth().oauth2(scheduler).contentType(ContentType.JSON).body("""
                                    {"patientId": "%s", "clinicianId": "%s", "type": "%s", "start": "%s", "durationMinutes": %d}"""
                                    .formatted(patientId, CLINICIAN, type, start, minutes))
                            .post(sessions.url("/sessions")).then().extract(),
                            r -> !r.asString().contains("no approved treatment plan"));
            if (answer.statusCode() == 201) {
                calendar = start.plus(Duration.ofMinutes(minutes)).plus(Duration.ofMinutes(59)).truncatedTo(ChronoUnit.HOURS);
                return answer.path("id");
            }
            // Refused by the calendar's rules (409): the next hour.
            assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(409);
            calendar = calendar.plus(Duration.ofHours(1));
        }
        throw new AssertionError("no free hour for a " + type + " session in 72 hours of the clinician's calendar");
    }

    // ---- The browser ------------------------------------------------------------------------------------------

    /** A central station's screen: full HD. */
    private static ChromeDriver browser() {
        return HeadlessChromium.start(1920, 1080);
    }

    private static void signIn(ChromeDriver browser) {
        browser.get(sessions.url("/console/login"));
        browser.findElement(By.id("username")).sendKeys(CLINICIAN);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(sessions.url("/console")));
    }

    /** The whole wall of tiles, the page beyond the window too, to target/screenshots (docs/screenshots' copy is refreshed by hand). */
    private static void screenshot(ChromeDriver browser) throws IOException {
        Number width = (Number) browser.executeScript("return document.documentElement.scrollWidth");
        Number height = (Number) browser.executeScript("return document.documentElement.scrollHeight");
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.<String, Object>of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        byte[] png = java.util.Base64.getDecoder().decode((String) shot.get("data"));
        Path target = DevKeys.projectRoot().resolve("system-tests/target/screenshots/station-50.png");
        Files.createDirectories(target.getParent());
        Files.write(target, png);
    }
}
