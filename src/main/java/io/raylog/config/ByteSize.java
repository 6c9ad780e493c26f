package io.raylog.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as users write them: {@code 1048576}, {@code 64KiB}, {@code 1.5MB}. KB, MB and GB are powers of 1000,
 * KiB, MiB and GiB powers of 1024, as the units say. Pure and thread-safe.
 */
public final class ByteSize {

  public static final long KIB = 1024;
  public static final long MIB = 1024 * KIB;
  public static final long GIB = 1024 * MIB;

  // Units are matched without case: "64kb" and "64KB" mean the same to everyone who writes them.
  private static final Map<String, Long> BYTES_PER_UNIT =
      Map.of(
          "", 1L,
          "b", 1L,
          "kb", 1000L,
          "kib", KIB,
          "mb", 1000L * 1000,
          "mib", MIB,
          "gb", 1000L * 1000 * 1000,
          "gib", GIB);

  public static final String UNITS = "B, KB, KiB, MB, MiB, GB, GiB";

  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)");

  private ByteSize() {}

  public static long parse(String text) throws InvalidValueException {
    String trimmed = text.strip();
    if (trimmed.startsWith("-")) {
      throw new InvalidValueException("sizes cannot be negative");
    }
    Matcher m = SIZE.matcher(trimmed);
    if (!m.matches()) {
      throw new InvalidValueException(null);
    }
    Long unit = BYTES_PER_UNIT.get(m.group(2).toLowerCase(Locale.ROOT));
    if (unit == null) {
      throw new InvalidValueException("units are " + UNITS);
    }
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
    if (bytes.stripTrailingZeros().scale() > 0) {
      throw new InvalidValueException("not a whole number of bytes");
    }
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new InvalidValueException("too large");
    }
    return bytes.longValueExact();
  }

  /** The shortest exact spelling, binary units preferred: {@code 1MiB}, {@code 1500}, {@code 0}. */
  public static String format(long bytes) {
    if (bytes != 0) {
      if (bytes % GIB == 0) {
        return bytes / GIB + "GiB";
      }
      if (bytes % MIB == 0) {
        return bytes / MIB + "MiB";
      }
      if (bytes % KIB == 0) {
        return bytes / KIB + "KiB";
      }
    }
    return Long.toString(bytes);
  }
}
