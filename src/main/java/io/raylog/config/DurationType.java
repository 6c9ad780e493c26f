package io.raylog.config;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** A duration with a unit ({@link DurationFormat}), within a range. */
public record DurationType(Duration min, Duration max) implements ValueType<Duration> {

  // Every duration is bounded: timers and deadlines computed from it must not overflow, and a day is already far
  // beyond anything raylog waits for.
  public static final Duration LONGEST = Duration.ofDays(1);

  public static DurationType atLeast(Duration min) {
    return new DurationType(min, LONGEST);
  }

  @Override
  public String describe() {
    return "duration"
        + Range.describe(min.toNanos(), max.toNanos(), 0, LONGEST.toNanos(), DurationType::showNanos);
  }

  @Override
  public Duration read(JsonNode node, KeyPath path, Problems problems) {
    Duration duration =
        NodeText.parsed(node, path, problems, "a duration such as 250ms, 1s or 5m", DurationFormat::parse);
    return duration != null && Range.check(duration.toNanos(), min.toNanos(), max.toNanos(), 0, LONGEST.toNanos(),
        DurationType::showNanos, node, path, problems)
        ? duration
        : null;
  }

  @Override
  public String show(Duration value) {
    return DurationFormat.format(value);
  }

  private static String showNanos(long nanos) {
    return DurationFormat.format(Duration.ofNanos(nanos));
  }
}
