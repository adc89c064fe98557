package care.ketamine.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU and memory of a service, or of the whole machine, over a phase of the benchmark. */
final class Usage {

    /** What CPU time is measured of: a service's process, or the machine. */
    interface Measured {
        /** CPU seconds used so far. */
        double cpuSeconds() throws IOException;

        /** Resident set size in MB now; negative when it does not apply. */
        double rssMb() throws IOException;
    }

    /** Every process on the machine together: busy time from /proc/stat (clock ticks of 1/100 s). */
    static final Measured MACHINE = new Measured() {
        @Override
        public double cpuSeconds() throws IOException {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle and iowait are not busy
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy / 100.0;
        }

        @Override
        public double rssMb() {
            return -1;
        }
    };

    record Figures(double cpuPercent, double rssMb) {
    }

    private final Measured measured;
    private final double cpuAtStart;
    private final long startedNanos;

    private Usage(Measured measured) throws IOException {
        this.measured = measured;
        this.cpuAtStart = measured.cpuSeconds();
        this.startedNanos = System.nanoTime();
    }

    static Usage start(Measured measured) throws IOException {
        return new Usage(measured);
    }

    Figures stop() throws IOException {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        return new Figures((measured.cpuSeconds() - cpuAtStart) / seconds * 100, measured.rssMb());
    }
}
