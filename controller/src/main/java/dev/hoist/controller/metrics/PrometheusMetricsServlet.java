package dev.hoist.controller.metrics;

import com.codahale.metrics.MetricRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Serves the metric registry in Prometheus text format (on the admin port, {@code /metrics/prometheus}). */
public final class PrometheusMetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient MetricRegistry registry;

    public PrometheusMetricsServlet(MetricRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = PrometheusTextFormat.write(registry).getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(PrometheusTextFormat.CONTENT_TYPE);
        response.setHeader("Cache-Control", "must-revalidate,no-cache,no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
