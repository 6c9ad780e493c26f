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
    if (!node.isString() && !node.isNumber()) {
      problems.add(path, expected(node));
      return null;
    }
    Duration duration;
    try {
      duration = DurationFormat.parse(node.asString());
    } catch (InvalidValueException e) {
      problems.add(path, expected(node) + e.hint().map(hint -> " (" + hint + ")").orElse(""));
      return null;
    }
    long nanos = duration.toNanos();
    return Range.check(nanos, min.toNanos(), max.toNanos(), 0, LONGEST.toNanos(), DurationType::showNanos, node, path, problems)
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

  private static String expected(JsonNode node) {
    return "expected a duration such as 250ms, 1s or 5m, got " + NodeText.describe(node);
  }
}
