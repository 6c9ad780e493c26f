package io.raylog.sink.elasticsearch;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * An index name with {@code %Y}, {@code %m}, {@code %d} and {@code %H} standing for the UTC year, month, day and
 * hour of a record's time ({@code raylog-%Y.%m.%d} → {@code raylog-2026.11.25}). The name of the last hour is cached:
 * consecutive records share it. Not thread-safe: one per sink.
 */
final class IndexPattern {
  private static final long HOUR_MILLIS = 3_600_000L;

  private final String pattern;
  private final boolean constant;
  private long cachedHour = Long.MIN_VALUE;
  private String cached;

  IndexPattern(String pattern) {
    this.pattern = pattern;
    this.constant = !pattern.contains("%");
  }

  String indexFor(long epochMillis) {
    if (constant) {
      return pattern;
    }
    long hour = Math.floorDiv(epochMillis, HOUR_MILLIS);
    if (hour != cachedHour) {
      cached = format(ZonedDateTime.ofInstant(Instant.ofEpochMilli(hour * HOUR_MILLIS), ZoneOffset.UTC));
      cachedHour = hour;
    }
    return cached;
  }

  private String format(ZonedDateTime time) {
    StringBuilder out = new StringBuilder(pattern.length() + 8);
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '%' && i + 1 < pattern.length()) {
        char field = pattern.charAt(++i);
        switch (field) {
          case 'Y' -> out.append(String.format("%04d", time.getYear()));
          case 'm' -> out.append(String.format("%02d", time.getMonthValue()));
          case 'd' -> out.append(String.format("%02d", time.getDayOfMonth()));
          case 'H' -> out.append(String.format("%02d", time.getHour()));
          default -> out.append('%').append(field);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
