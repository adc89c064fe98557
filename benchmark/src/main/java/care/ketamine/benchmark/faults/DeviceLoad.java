package care.ketamine.benchmark.faults;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevTokens;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The home devices of the run: normal readings at a steady rate spread over the sessions, and a crisis
 * reading (200/120) on a fresh session at fixed times. Each session's device sends one reading at a time, in
 * order, as a real one does; with a 503 or a broken connection it keeps the reading and sends it again (after
 * Retry-After, else 1 s), with the same reading id, until it is answered 202 (or 200, a replay), or the run's
 * last moment for it passes. Readings measured meanwhile wait in the device's queue.
 */
final class DeviceLoad {

    /** One reading's journey; times are when the device saw them. */
    static final class Delivery {
        final String sessionId;
        final String readingId;
        final boolean crisis;
        volatile Instant firstSent = Instant.now();
        volatile Instant firstRefused;
        volatile Instant accepted;
        volatile int acceptedWith;
        final java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        /** An answer other than 202, 200 or 503: the reading was refused for good. */
        volatile String rejected;

        private final int systolic;
        private final int diastolic;

        Delivery(String sessionId, String readingId, boolean crisis, int systolic, int diastolic) {
            this.sessionId = sessionId;
            this.readingId = readingId;
            this.crisis = crisis;
            this.systolic = systolic;
            this.diastolic = diastolic;
        }

        /** How long the device held the reading because the system could not take it (zero if taken at once). */
        Duration waited() {
            return firstRefused == null || accepted == null ? Duration.ZERO : Duration.between(firstRefused, accepted);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String vitalsUrl;
    private final List<String> sessions;
    /** Each session's device token and when it was signed: tokens last an hour, a run with its retries longer. */
    private final Map<String, Map.Entry<String, Instant>> tokens = new ConcurrentHashMap<>();
    private final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();
    /** Each session's device: the readings it holds, oldest first; the head is the one being sent. */
    private final Map<String, java.util.Queue<Delivery>> devices = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private volatile Instant retryUntil = Instant.MAX;
    private volatile boolean sending;

    DeviceLoad(String vitalsUrl, List<String> sessions) {
        this.vitalsUrl = vitalsUrl;
        this.sessions = List.copyOf(sessions);
    }

    /** Starts sending {@code perSecond} readings a second, in ticks of 20 ms. */
    void start(int perSecond) {
        sending = true;
        double perTick = perSecond / 50.0;
        double[] owed = {0};
        ticks.scheduleAtFixedRate(() -> {
            if (!sending) {
                return;
            }
            owed[0] += perTick;
            while (owed[0] >= 1) {
                owed[0]--;
                long n = sequence.incrementAndGet();
                send(sessions.get((int) (n % sessions.size())), "r-" + n, 118 + (int) (n % 12), 78, false);
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
    }

    /** A reading a clinician must be paged for, on a session that had none before. */
    Delivery crisis(String sessionId) {
        return send(sessionId, "crisis-" + sequence.incrementAndGet(), 200, 120, true);
    }

    /** No new readings; those still held are sent again until {@code retryUntil}. */
    void stopSending(Instant retryUntil) {
        sending = false;
        this.retryUntil = retryUntil;
    }

    /** Until every reading is answered for good (or given up at the retry limit). */
    void awaitSettled() throws InterruptedException {
        while (inFlight.get() > 0) {
            Thread.sleep(200);
        }
        ticks.shutdown();
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries.values());
    }

    long held() {
        return inFlight.get();
    }

    private Delivery send(String sessionId, String readingId, int systolic, int diastolic, boolean crisis) {
        Delivery delivery = new Delivery(sessionId, readingId, crisis, systolic, diastolic);
        deliveries.put(readingId, delivery);
        inFlight.incrementAndGet();
        java.util.Queue<Delivery> device = devices.computeIfAbsent(sessionId, k -> new java.util.concurrent.ConcurrentLinkedQueue<>());
        synchronized (device) {
            device.add(delivery);
            if (device.size() == 1) {
                attempt(delivery);
            }
        }
        return delivery;
    }

    /** The device's reading is answered for good (once): on to its next one. */
    private void done(Delivery delivery) {
        if (!delivery.finished.compareAndSet(false, true)) {
            return;
        }
        inFlight.decrementAndGet();
        java.util.Queue<Delivery> device = devices.get(delivery.sessionId);
        synchronized (device) {
            device.poll();
            Delivery next = device.peek();
            if (next != null) {
                attempt(next);
            }
        }
    }

    private void attempt(Delivery delivery) {
        String body = "{\"readingId\": \"" + delivery.readingId + "\", \"systolic\": " + delivery.systolic
                + ", \"diastolic\": " + delivery.diastolic + ", \"heartRate\": 76, \"spo2\": 97, \"measuredAt\": \""
                + delivery.firstSent + "\"}";
        String token = tokens.compute(delivery.sessionId, (s, held) -> held != null
                && held.getValue().isAfter(Instant.now().minus(Duration.ofMinutes(30))) ? held
                : Map.entry(DevTokens.forSession(Roles.PATIENT_DEVICE, s), Instant.now())).getKey();
        HttpRequest request = HttpRequest.newBuilder(URI.create(vitalsUrl + "/sessions/" + delivery.sessionId + "/readings"))
                .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            try {
                answered(delivery, response, failure);
            } catch (RuntimeException unexpected) { // never leave a reading unfinished: the run would wait for it forever
                if (!delivery.finished.get()) {
                    delivery.rejected = "the run could not handle the answer: " + unexpected;
                    done(delivery);
                }
            }
        });
    }

    private void answered(Delivery delivery, HttpResponse<String> response, Throwable failure) {
        int status = failure == null ? response.statusCode() : 0;
        if (status == 202 || status == 200) {
            delivery.accepted = Instant.now();
            delivery.acceptedWith = status;
            done(delivery);
        } else if (status == 0 || status == 503 || status == 502 || status == 504) {
            // Unavailable (HAProxy answers 502/503/504 when no replica can take it): keep it and try again.
            if (delivery.firstRefused == null) {
                delivery.firstRefused = Instant.now();
            }
            if (Instant.now().isAfter(retryUntil)) {
                done(delivery);
                return;
            }
            long delayMillis = response == null ? 1000 : response.headers().firstValue("Retry-After")
                    .filter(s -> s.trim().matches("\\d{1,4}")).map(s -> Long.parseLong(s.trim()) * 1000).orElse(1000L);
            ticks.schedule(() -> attempt(delivery), Math.min(delayMillis, 5000), TimeUnit.MILLISECONDS);
        } else {
            delivery.rejected = status + " " + response.body();
            done(delivery);
        }
    }
}
