package care.ketamine.testsupport;

/**
 * A sample's value in a line of a Prometheus scrape: {@code name{labels} value}, which may go on with a timestamp
 * and, when tracing is on, an exemplar ({@code # {trace_id="..."} 1.0 1.7e9}), so the last word is not the value.
 */
public final class MetricLine {

    private MetricLine() {
    }

    public static double value(String line) {
        int labelsEnd = line.lastIndexOf('}', line.contains(" # ") ? line.indexOf(" # ") : line.length());
        String afterName = line.substring(labelsEnd >= 0 ? labelsEnd + 1 : line.indexOf(' ')).trim();
        return Double.parseDouble(afterName.split(" ")[0]);
    }
}
