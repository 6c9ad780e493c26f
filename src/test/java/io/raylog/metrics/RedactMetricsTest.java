package io.raylog.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Redaction's counter as Prometheus scrapes it: one series per rule in force, from 0, summed over records. */
class RedactMetricsTest {
  @Test
  void countsMatchesPerRuleFromZero() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RedactMetrics metrics = new RedactMetrics(registry);
    metrics.rulesInForce(List.of("aws_secret_key", "jwt", "ticket"));

    metrics.redacted("aws_secret_key", 2);
    metrics.redacted("aws_secret_key", 1);
    metrics.redacted("ticket", 1);
    String scrape = registry.scrape();

    assertThat(scrape)
        .contains("# HELP raylog_redactions_total Secrets replaced by a marker before any sink, by the rule that matched")
        .contains("raylog_redactions_total{rule=\"aws_secret_key\"} 3.0")
        .contains("raylog_redactions_total{rule=\"jwt\"} 0.0")
        .contains("raylog_redactions_total{rule=\"ticket\"} 1.0");
  }
}
