package io.raylog.discovery;

import java.util.Map;

/** What Kubernetes discovery reports to metrics. Implementations are thread-safe. */
public interface DiscoveryEvents {
  /** A call to the API server failed; {@code kind} is a low-cardinality class such as {@code forbidden}. */
  void apiError(String kind);

  /** The pods currently followed and, by reason, the Ray pods whose logs cannot be read. */
  void pods(int followed, Map<UnreadableReason, Integer> unreadable);

  DiscoveryEvents NONE = new DiscoveryEvents() {
    @Override
    public void apiError(String kind) {}

    @Override
    public void pods(int followed, Map<UnreadableReason, Integer> unreadable) {}
  };
}
