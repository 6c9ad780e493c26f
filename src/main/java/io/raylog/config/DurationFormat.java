package io.raylog.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as users write them: {@code 250ms}, {@code 1s}, {@code 5m}, {@code 1h30m}, {@code 1.5s}, or {@code 0}.
 * Every other number needs a unit: a bare {@code 250} is ambiguous between milliseconds and seconds, and guessing
 * wrong is a factor of 1000. Pure and thread-safe.
 */
final class DurationFormat {

  static final String UNITS = "ms, s, m or h";

  private static final Map<String, BigDecimal> NANOS_PER_UNIT =
      Map.of(
          "ms", BigDecimal.valueOf(1_000_000L),
          "s", BigDecimal.valueOf(1_000_000_000L),
          "m", BigDecimal.valueOf(60_000_000_000L),
          "h", BigDecimal.valueOf(3_600_000_000_000L));

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
  private static final Pattern PARTS = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h))+");
  private static final Pattern BARE_NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");

  private DurationFormat() {}

  static Duration parse(String text) throws InvalidValueException {
    String trimmed = text.strip();
    if (trimmed.equals("0")) {
      return Duration.ZERO;
    }
    if (trimmed.startsWith("-")) {
      throw new InvalidValueException("durations cannot be negative");
    }
    if (BARE_NUMBER.matcher(trimmed).matches()) {
      throw new InvalidValueException("a unit is needed: " + UNITS);
    }
    if (!PARTS.matcher(trimmed).matches()) {
      throw new InvalidValueException(null);
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher part = PART.matcher(trimmed);
    while (part.find()) {
      nanos = nanos.add(new BigDecimal(part.group(1)).multiply(NANOS_PER_UNIT.get(part.group(2))));
    }
    BigInteger wholeNanos = nanos.toBigInteger();
    if (wholeNanos.bitLength() >= Long.SIZE) {
      throw new InvalidValueException("too long");
    }
    return Duration.ofNanos(wholeNanos.longValue());
  }

  /** The spelling a user would write: {@code 250ms}, {@code 1s}, {@code 60s}, {@code 5m}, {@code 1h}, {@code 0}. */
  static String format(Duration duration) {
    if (duration.isZero()) {
      return "0";
    }
    if (duration.toNanosPart() % 1_000_000 != 0) {
      return new BigDecimal(duration.toNanos()).movePointLeft(6).stripTrailingZeros().toPlainString() + "ms";
    }
    if (duration.toMillisPart() != 0) {
      return duration.toMillis() + "ms";
    }
    long seconds = duration.toSeconds();
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    // Up to two minutes read better in seconds ("60s", "90s"); beyond, minutes are easier to compare.
    if (seconds % 60 == 0 && seconds > 120) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
