package io.raylog.config;

import java.util.Locale;

/** Small rules shared by the checks of the kafka and s3 sinks. Pure. */
public final class SinkChecks {

  private SinkChecks() {}

  /** Reports {@code other} when both options are set. */
  public static void exclusive(SectionValues values, Problems problems, Option<?> one, Option<?> other) {
    if (values.has(one.key()) && values.has(other.key())) {
      problems.add(values.path().child(other.key()), "set either " + one.key() + " or " + other.key() + ", not both");
    }
  }

  /** An enum constant as the configuration writes it. */
  public static String word(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
