package dev.hoist.controller.metrics;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;

/**
 * Serves the metric registry in the Prometheus text format (on the admin port, {@code /metrics/prometheus}),
 * through the Prometheus client's own Dropwizard bridge and exposition rather than a format of ours.
 * Names follow the bridge (docs/operations.md lists them): dots and dashes become underscores, gauges and
 * counters are gauges, meters are {@code _total} counters, histograms and timers are summaries (timers in
 * seconds). A scraper that asks for OpenMetrics gets OpenMetrics; {@code ?name[]=...} selects families.
 *
 * <p>The collectors live in a registry of this servlet's own, not the client's static default one, so two
 * controllers in one JVM (tests) each expose their own metrics.
 */
public final class PrometheusMetricsServlet extends MetricsServlet {
    private static final long serialVersionUID = 1L;

    public PrometheusMetricsServlet(MetricRegistry registry) {
        super(collectors(registry));
    }

    private static CollectorRegistry collectors(MetricRegistry registry) {
        CollectorRegistry collectors = new CollectorRegistry();
        collectors.register(new DropwizardExports(registry));
        return collectors;
    }
}
