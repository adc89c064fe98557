package care.ketamine.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same closed-loop load through wrk (Debian's), which costs far less CPU than a Java client on
 * a machine the services share. Each request is a new reading (unique id) for one of the sessions,
 * with that session's device token. Used when wrk is installed; the Java client otherwise.
 */
final class WrkLoad {

    private static final String SCRIPT = """
            local entries = {}
            local n = 0
            local count = 0
            -- id: the thread's number, set by setup() as a global of the thread's own interpreter
            function setup(thread)
              thread:set("id", count)
              count = count + 1
            end
            function init(args)
              for line in io.lines(args[1]) do
                local path, token = line:match("^(%S+) (%S+)$")
                table.insert(entries, {path = path, token = token})
              end
              items = tonumber(args[2])
              prefix = args[3]
              pause = tonumber(args[4] or "0")
            end
            -- Milliseconds each connection waits before its next request: paces an open-ish load.
            function delay()
              return pause
            end
            local function reading(i)
              return string.format('{"readingId":"%s-%d-%d-%d","systolic":%d,"diastolic":80,"heartRate":76,"spo2":97,"measuredAt":"%s"}',
                prefix, id, n, i, 120 + (n + i) % 20, os.date("!%Y-%m-%dT%H:%M:%SZ"))
            end
            function request()
              n = n + 1
              local e = entries[(n % #entries) + 1]
              local body
              if items == 1 then
                body = reading(0)
              else
                local parts = {}
                for i = 1, items do parts[i] = reading(i) end
                body = '{"readings":[' .. table.concat(parts, ",") .. ']}'
              end
              return wrk.format("POST", e.path, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. e.token}, body)
            end
            """;

    static boolean available() {
        try {
            return new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * @param targets one "path token" per session, e.g. "/sessions/s-1/readings eyJ..."
     */
    static Optional<LoadRun.Result> run(String name, String baseUrl, List<String> targets, int connections, Duration warmUp,
                                        Duration measured, int itemsPerRequest) throws Exception {
        Path dir = Files.createTempDirectory("wrk");
        Path script = Files.writeString(dir.resolve("readings.lua"), SCRIPT);
        Path list = Files.write(dir.resolve("targets.txt"), targets);
        int threads = Math.min(2, connections);
        // A warm-up, then the measured run; reading ids carry the run's prefix, so none is a replay.
        String prefix = name.replaceAll("\\W", "") + System.nanoTime();
        exec(baseUrl, script, list, threads, connections, warmUp, itemsPerRequest, prefix + "w");
        String out = exec(baseUrl, script, list, threads, connections, measured, itemsPerRequest, prefix + "m");
        double rps = number(out, "Requests/sec:\\s+([\\d.]+)");
        long non2xx = (long) numberOr(out, "Non-2xx or 3xx responses: (\\d+)", 0);
        double total = number(out, "(\\d+) requests in");
        double p50 = millis(out, "50%");
        double p99 = millis(out, "99%");
        double seconds = measured.toNanos() / 1e9;
        double okPerSecond = (total - non2xx) / seconds;
        return Optional.of(new LoadRun.Result(name + " (wrk)", connections, seconds, (long) (total - non2xx), non2xx,
                okPerSecond, okPerSecond * itemsPerRequest, p50, p99));
    }

    private static String exec(String baseUrl, Path script, Path list, int threads, int connections, Duration length,
                               int items, String prefix) throws Exception {
        Process wrk = start(baseUrl, script, list, threads, connections, length, items, prefix, 0);
        String out = new String(wrk.getInputStream().readAllBytes());
        wrk.waitFor();
        return out;
    }

    private static Process start(String baseUrl, Path script, Path list, int threads, int connections, Duration length,
                                 int items, String prefix, long pauseMillis) throws IOException {
        return new ProcessBuilder("wrk", "-t", Integer.toString(threads), "-c", Integer.toString(connections),
                "-d", length.toSeconds() + "s", "--latency", "--timeout", "10s", "-s", script.toString(), baseUrl, "--",
                list.toString(), Integer.toString(items), prefix, Long.toString(pauseMillis)).redirectErrorStream(true).start();
    }

    /** A background load running in wrk; {@link #readingsPerSecond} once it has finished. */
    record Paced(Process wrk, Duration length) {

        /** Waits for wrk to finish; the readings per second it got answered with 2xx over its whole run. */
        double readingsPerSecond() throws Exception {
            String out = new String(wrk.getInputStream().readAllBytes());
            wrk.waitFor();
            double total = number(out, "(\\d+) requests in");
            long non2xx = (long) numberOr(out, "Non-2xx or 3xx responses: (\\d+)", 0);
            return (total - non2xx) / (length.toNanos() / 1e9);
        }
    }

    /**
     * Single readings at about {@code rate} per second for {@code length}: each connection waits
     * {@code connections / rate} seconds between its requests, so the rate is reached only while the
     * service answers faster than that (the achieved rate is what {@link Paced} reports).
     */
    static Paced startPaced(String baseUrl, List<String> targets, int connections, int rate, Duration length) throws IOException {
        Path dir = Files.createTempDirectory("wrk-background");
        Path script = Files.writeString(dir.resolve("readings.lua"), SCRIPT);
        Path list = Files.write(dir.resolve("targets.txt"), targets);
        long pause = Math.max(1, connections * 1000L / rate);
        return new Paced(start(baseUrl, script, list, 2, connections, length, 1, "bg" + System.nanoTime(), pause), length);
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("wrk printed no " + regex + ":\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }

    private static double numberOr(String out, String regex, double fallback) {
        Matcher m = Pattern.compile(regex).matcher(out);
        return m.find() ? Double.parseDouble(m.group(1)) : fallback;
    }

    /** A latency percentile line of --latency, e.g. "     50%    1.23ms", in milliseconds. */
    private static double millis(String out, String percentile) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(percentile) + "\\s+([\\d.]+)(us|ms|s)\\b").matcher(out);
        if (!m.find()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
