package care.ketamine.benchmark;

/** CPU and memory of a service over a phase of the benchmark. */
final class Usage {

    record Figures(double cpuPercent, double rssMb) {
    }

    private final ServiceUnderTest service;
    private final double cpuAtStart;
    private final long startedNanos;

    private Usage(ServiceUnderTest service) throws java.io.IOException {
        this.service = service;
        this.cpuAtStart = service.cpuSeconds();
        this.startedNanos = System.nanoTime();
    }

    static Usage start(ServiceUnderTest service) throws java.io.IOException {
        return new Usage(service);
    }

    Figures stop() throws java.io.IOException {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        return new Figures((service.cpuSeconds() - cpuAtStart) / seconds * 100, service.rssMb());
    }
}
