package dev.hoist.controller.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Writes a {@link MetricRegistry} in the Prometheus text exposition format (version 0.0.4): gauges as
 * gauges, counters and meters as {@code _total} counters, histograms and timers as summaries (timers
 * in seconds). Names become {@code [a-zA-Z_:][a-zA-Z0-9_:]*}; the original name is the HELP text.
 */
public final class PrometheusTextFormat {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};
    private static final double SECONDS_PER_NANO = 1.0 / TimeUnit.SECONDS.toNanos(1);

    private PrometheusTextFormat() {
    }

    public static String write(MetricRegistry registry) {
        StringBuilder out = new StringBuilder(16 * 1024);
        Set<String> written = new HashSet<>();
        for (Map.Entry<String, Gauge> entry : registry.getGauges().entrySet()) {
            Double value = numeric(entry.getValue());
            if (value != null) {
                family(out, written, entry.getKey(), name(entry.getKey()), "gauge", () ->
                        sample(out, name(entry.getKey()), "", value));
            }
        }
        for (Map.Entry<String, Counter> entry : registry.getCounters().entrySet()) {
            String name = name(entry.getKey()) + "_total";
            family(out, written, entry.getKey(), name, "counter", () ->
                    sample(out, name, "", entry.getValue().getCount()));
        }
        for (Map.Entry<String, Meter> entry : registry.getMeters().entrySet()) {
            String name = name(entry.getKey()) + "_total";
            family(out, written, entry.getKey(), name, "counter", () ->
                    sample(out, name, "", entry.getValue().getCount()));
        }
        for (Map.Entry<String, Histogram> entry : registry.getHistograms().entrySet()) {
            String name = name(entry.getKey());
            family(out, written, entry.getKey(), name, "summary", () ->
                    summary(out, name, entry.getValue().getSnapshot(), entry.getValue().getCount(), 1.0));
        }
        for (Map.Entry<String, Timer> entry : registry.getTimers().entrySet()) {
            String name = name(entry.getKey()) + "_seconds";
            family(out, written, entry.getKey(), name, "summary", () ->
                    summary(out, name, entry.getValue().getSnapshot(), entry.getValue().getCount(), SECONDS_PER_NANO));
        }
        return out.toString();
    }

    /** A metric name as Prometheus accepts it: {@code jvm.memory.heap-used} becomes {@code jvm_memory_heap_used}. */
    static String name(String dropwizardName) {
        StringBuilder name = new StringBuilder(dropwizardName.length() + 1);
        for (int i = 0; i < dropwizardName.length(); i++) {
            char c = dropwizardName.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
                    || (c >= '0' && c <= '9' && i > 0);
            name.append(ok ? c : '_');
        }
        return name.toString();
    }

    private static void family(StringBuilder out, Set<String> written, String original, String name, String type,
            Runnable samples) {
        if (!written.add(name)) {
            return; // two Dropwizard names that map to one Prometheus name: the first one wins
        }
        out.append("# HELP ").append(name).append(' ').append(original.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        samples.run();
    }

    private static void summary(StringBuilder out, String name, Snapshot snapshot, long count, double scale) {
        for (double quantile : QUANTILES) {
            sample(out, name, "{quantile=\"" + quantile + "\"}", snapshot.getValue(quantile) * scale);
        }
        sample(out, name + "_count", "", count);
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name).append(labels).append(' ').append(format(value)).append('\n');
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static Double numeric(Gauge<?> gauge) {
        try {
            Object value = gauge.getValue();
            if (value instanceof Number number) {
                return number.doubleValue();
            }
            if (value instanceof Boolean bool) {
                return bool ? 1.0 : 0.0;
            }
        } catch (RuntimeException e) {
            // a gauge that cannot be read right now is left out of this scrape rather than failing it
        }
        return null;
    }
}
