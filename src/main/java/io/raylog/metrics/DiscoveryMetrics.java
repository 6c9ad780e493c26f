package io.raylog.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.raylog.discovery.DiscoveryEvents;
import io.raylog.discovery.UnreadableReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kubernetes discovery as Prometheus meters: API errors by kind, Ray pods followed, Ray pods whose logs cannot be
 * read by reason (every reason is registered up front, so a dashboard sees 0 rather than nothing). Tags are
 * low-cardinality: never a pod name or uid. Thread-safe.
 */
public final class DiscoveryMetrics implements DiscoveryEvents {
  private final MeterRegistry registry;
  private final Map<String, Counter> apiErrors = new ConcurrentHashMap<>();
  private final AtomicInteger followed = new AtomicInteger();
  private final Map<UnreadableReason, AtomicInteger> unreadable = new EnumMap<>(UnreadableReason.class);

  public DiscoveryMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("raylog_kubernetes_pods_followed", followed, AtomicInteger::get)
        .description("Ray pods on this node whose logs raylog follows").register(registry);
    for (UnreadableReason reason : UnreadableReason.values()) {
      AtomicInteger count = new AtomicInteger();
      unreadable.put(reason, count);
      Gauge.builder("raylog_kubernetes_pods_unreadable", count, AtomicInteger::get)
          .description("Ray containers on this node whose logs cannot be read, by reason (see the status page for"
              + " the pods and the fix)")
          .tag("reason", reason.tag()).register(registry);
    }
  }

  @Override
  public void apiError(String kind) {
    apiErrors.computeIfAbsent(kind, k -> Counter.builder("raylog_kubernetes_api_errors")
        .description("Failed Kubernetes API calls (lists, watches, each attempt to reconnect a watch), by kind;"
            + " each is retried")
        .tag("kind", k).register(registry)).increment();
  }

  @Override
  public void pods(int followedPods, Map<UnreadableReason, Integer> unreadableByReason) {
    followed.set(followedPods);
    unreadable.forEach((reason, count) -> count.set(unreadableByReason.getOrDefault(reason, 0)));
  }
}
