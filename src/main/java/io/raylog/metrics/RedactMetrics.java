package io.raylog.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.raylog.redact.RedactEvents;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Redaction's events as {@code raylog_redactions_total{rule}}. Thread-safe. */
public final class RedactMetrics implements RedactEvents {
  private final MeterRegistry registry;
  private final Map<String, Counter> byRule = new ConcurrentHashMap<>();

  public RedactMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers the counter of every rule in force at 0, so that a dashboard sees them before the first match. */
  public void rulesInForce(List<String> rules) {
    rules.forEach(this::counter);
  }

  @Override
  public void redacted(String rule, int matches) {
    counter(rule).increment(matches);
  }

  private Counter counter(String rule) {
    return byRule.computeIfAbsent(rule, r -> Counter.builder("raylog_redactions")
        .description("Secrets replaced by a marker before any sink, by the rule that matched them")
        .tag("rule", r).register(registry));
  }
}
