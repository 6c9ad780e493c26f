package io.raylog.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.raylog.discovery.UnreadableReason;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Discovery metrics as Prometheus scrapes them: names, descriptions, reason tags, zeros for every reason. */
class DiscoveryMetricsTest {
  @Test
  void exposesPodsByReasonAndApiErrorsByKind() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    DiscoveryMetrics metrics = new DiscoveryMetrics(registry);

    metrics.pods(12, Map.of(UnreadableReason.NO_VOLUME, 2, UnreadableReason.SHARED_HOST_PATH, 3));
    metrics.apiError("forbidden");
    metrics.apiError("forbidden");
    String scrape = registry.scrape();

    assertThat(scrape)
        .contains("# HELP raylog_kubernetes_pods_followed Ray pods on this node whose logs raylog follows")
        .contains("raylog_kubernetes_pods_followed 12.0")
        .contains("raylog_kubernetes_pods_unreadable{reason=\"no_volume\"} 2.0")
        .contains("raylog_kubernetes_pods_unreadable{reason=\"shared_host_path\"} 3.0")
        .contains("raylog_kubernetes_pods_unreadable{reason=\"unsupported_volume\"} 0.0")
        .contains("raylog_kubernetes_pods_unreadable{reason=\"invalid_sub_path\"} 0.0")
        .contains("# HELP raylog_kubernetes_api_errors_total Failed Kubernetes API calls")
        .contains("raylog_kubernetes_api_errors_total{kind=\"forbidden\"} 2.0");

    metrics.pods(11, Map.of());
    assertThat(registry.scrape()).contains("raylog_kubernetes_pods_unreadable{reason=\"no_volume\"} 0.0");
  }
}
