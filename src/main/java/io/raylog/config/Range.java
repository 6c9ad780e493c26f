package io.raylog.config;

import java.util.function.LongFunction;
import tools.jackson.databind.JsonNode;

/**
 * Bounds of the numeric option types, described and checked the same way for sizes, durations and integers, so
 * the reference and the problems use the same words. A bound equal to the natural one of its type (0 for sizes,
 * the largest long) says nothing and is left out.
 */
final class Range {

  private Range() {}

  /** The range part of a type description, e.g. {@code , at least 1KiB}, or empty. */
  static String describe(long min, long max, long naturalMin, long naturalMax, LongFunction<String> show) {
    boolean hasMin = min != naturalMin;
    boolean hasMax = max != naturalMax;
    if (hasMin && hasMax) {
      return ", " + show.apply(min) + " to " + show.apply(max);
    }
    if (hasMin) {
      return ", at least " + show.apply(min);
    }
    if (hasMax) {
      return ", at most " + show.apply(max);
    }
    return "";
  }

  /** Adds a problem and returns false when value is outside [min, max]; the user's own spelling is quoted back. */
  static boolean check(
      long value,
      long min,
      long max,
      long naturalMin,
      long naturalMax,
      LongFunction<String> show,
      JsonNode node,
      KeyPath path,
      Problems problems) {
    if (value >= min && value <= max) {
      return true;
    }
    String requirement;
    if (min != naturalMin && max != naturalMax) {
      requirement = "between " + show.apply(min) + " and " + show.apply(max);
    } else if (value < min) {
      requirement = "at least " + show.apply(min);
    } else {
      requirement = "at most " + show.apply(max);
    }
    problems.add(path, "must be " + requirement + ", got " + node.asString());
    return false;
  }
}
