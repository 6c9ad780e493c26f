package io.raylog;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What became of each configuration reload, kept across the pipelines a reload replaces (each binds it to its own
 * meter registry, so {@code raylog_config_reloads_total} does not start over at a reload). Thread-safe.
 */
final class ConfigReloads {
  /** The outcome of one reload. */
  enum Result {
    /** The new configuration runs. */
    APPLIED,
    /** The file changed in nothing that matters (or not at all: a {@code SIGHUP} alone). */
    UNCHANGED,
    /** The new configuration has problems; the running one stays. */
    INVALID,
    /** It changes a setting only a restart applies ({@code state_dir}, {@code server}); the running one stays. */
    NEEDS_RESTART,
    /** It is valid but could not start (a sink could not open); the previous one runs again. */
    FAILED
  }

  /** The last reload, for the status page: when, its result, and why it was refused (null when it was not). */
  record Last(long atMillis, Result result, String problem) {}

  private final Map<Result, AtomicLong> counts = new EnumMap<>(Result.class);
  private volatile Last last;

  ConfigReloads() {
    for (Result result : Result.values()) {
      counts.put(result, new AtomicLong());
    }
  }

  void record(Result result, String problem, long nowMillis) {
    counts.get(result).incrementAndGet();
    last = new Last(nowMillis, result, problem);
  }

  /** The last reload; null before the first. */
  Last last() {
    return last;
  }

  /** Whether the configuration file holds what runs: false after a refused or failed reload, until one succeeds. */
  boolean fileRuns() {
    Last l = last;
    return l == null || l.result() == Result.APPLIED || l.result() == Result.UNCHANGED;
  }

  void bindTo(MeterRegistry registry) {
    counts.forEach((result, count) -> FunctionCounter.builder("raylog_config_reloads", count, AtomicLong::get)
        .description("configuration reloads (SIGHUP, or a change of the file), by result")
        .tag("result", result.name().toLowerCase(Locale.ROOT))
        .register(registry));
    Gauge.builder("raylog_config_reload_refused", this, r -> r.fileRuns() ? 0 : 1)
        .description("1 while the configuration file holds a configuration raylog refused or could not start")
        .register(registry);
  }

  /** The status page's {@code config_reload} object. */
  Map<String, Object> status() {
    Map<String, Object> status = new LinkedHashMap<>();
    counts.forEach((result, count) -> status.put(result.name().toLowerCase(Locale.ROOT), count.get()));
    Last l = last;
    if (l != null) {
      status.put("last_result", l.result().name().toLowerCase(Locale.ROOT));
      status.put("last_at_ms", l.atMillis());
      if (l.problem() != null) {
        status.put("last_problem", l.problem());
      }
    }
    return status;
  }
}
