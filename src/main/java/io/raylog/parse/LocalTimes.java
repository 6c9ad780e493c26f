package io.raylog.parse;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Reads the times Ray writes, {@code 2024-11-14 17:16:38,083} (also with {@code .} before the fraction, and with
 * microseconds), as container-local time in a configured zone, and turns them into UTC epoch milliseconds. Lines
 * come in time order, so the start of the last hour read is cached: most lines cost a 13-byte comparison and a
 * little arithmetic.
 *
 * <p>Not thread-safe: one per parse thread.
 */
public final class LocalTimes {
  /** Returned when the bytes are not a time. */
  public static final long NOT_A_TIME = Long.MIN_VALUE;
  /** Length of {@code yyyy-MM-dd HH:mm:ss}. */
  static final int SECONDS_LENGTH = 19;

  private final ZoneId zone;
  /** Length of {@code yyyy-MM-dd HH}: the cache holds one hour. */
  private static final int HOUR_LENGTH = 13;

  private final byte[] cachedHour = new byte[HOUR_LENGTH];
  private long cachedHourStart = NOT_A_TIME;
  /** Where the cached hour's arithmetic stops being exact: its end, or a change of the zone's offset within it. */
  private long cachedHourEnd;

  public LocalTimes(ZoneId zone) {
    this.zone = zone;
  }

  /**
   * The time at {@code from}: {@code yyyy-MM-dd HH:mm:ss} then {@code ,} or {@code .} and 1 to 9 fraction digits,
   * within {@code length} bytes. {@link #NOT_A_TIME} if the bytes are not such a time.
   */
  public long parse(byte[] bytes, int from, int length) {
    if (length < SECONDS_LENGTH || !shaped(bytes, from)) {
      return NOT_A_TIME;
    }
    long epochSecond = epochSecond(bytes, from);
    if (epochSecond == NOT_A_TIME) {
      return NOT_A_TIME;
    }
    int millis = 0;
    int i = from + SECONDS_LENGTH;
    int end = from + length;
    if (i < end && (bytes[i] == ',' || bytes[i] == '.')) {
      int digits = 0;
      for (i++; i < end && digits < 9 && isDigit(bytes[i]); i++, digits++) {
        if (digits < 3) {
          millis = millis * 10 + (bytes[i] - '0');
        }
      }
      for (int d = digits; d < 3; d++) {
        millis *= 10;
      }
    }
    return epochSecond * 1000 + millis;
  }

  private long epochSecond(byte[] bytes, int from) {
    int minute = number(bytes, from + 14, 2);
    int second = number(bytes, from + 17, 2);
    if (minute > 59 || second > 60) {
      return NOT_A_TIME;
    }
    if (cachedHourStart == NOT_A_TIME || !java.util.Arrays.equals(bytes, from, from + HOUR_LENGTH, cachedHour, 0,
        HOUR_LENGTH)) {
      long hourStart = hourStart(bytes, from);
      if (hourStart == NOT_A_TIME) {
        return NOT_A_TIME;
      }
      System.arraycopy(bytes, from, cachedHour, 0, HOUR_LENGTH);
      cachedHourStart = hourStart;
      cachedHourEnd = hourStart + 3600;
      if (zone != ZoneOffset.UTC) {
        ZoneRules rules = zone.getRules();
        ZoneOffsetTransition next = rules.nextTransition(Instant.ofEpochSecond(hourStart));
        if (rules.getTransition(hourStartLocal(bytes, from)) != null) {
          cachedHourEnd = hourStart; // the hour starts in a gap or an overlap: every time of it the exact way
        } else if (next != null && next.toEpochSecond() < cachedHourEnd) {
          cachedHourEnd = next.toEpochSecond(); // the offset changes within this hour (rare): exact up to there
        }
      }
    }
    long epochSecond = cachedHourStart + minute * 60L + Math.min(second, 59);
    if (epochSecond >= cachedHourEnd) {
      return exact(bytes, from, minute, second);
    }
    return epochSecond;
  }

  private long exact(byte[] bytes, int from, int minute, int second) {
    LocalDateTime local = LocalDateTime.of(number(bytes, from, 4), number(bytes, from + 5, 2),
        number(bytes, from + 8, 2), number(bytes, from + 11, 2), minute, Math.min(second, 59));
    return local.atZone(zone).toEpochSecond();
  }

  /** The epoch second at which the hour {@code yyyy-MM-dd HH} starts in the zone. */
  private long hourStart(byte[] bytes, int from) {
    int month = number(bytes, from + 5, 2);
    int day = number(bytes, from + 8, 2);
    int hour = number(bytes, from + 11, 2);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23) {
      return NOT_A_TIME;
    }
    try {
      LocalDateTime local = hourStartLocal(bytes, from);
      return zone == ZoneOffset.UTC ? local.toEpochSecond(ZoneOffset.UTC) : local.atZone(zone).toEpochSecond();
    } catch (java.time.DateTimeException e) {
      return NOT_A_TIME; // e.g. February 30th
    }
  }

  private static LocalDateTime hourStartLocal(byte[] bytes, int from) {
    return LocalDateTime.of(number(bytes, from, 4), number(bytes, from + 5, 2), number(bytes, from + 8, 2),
        number(bytes, from + 11, 2), 0);
  }

  private static boolean shaped(byte[] b, int f) {
    return b[f + 4] == '-' && b[f + 7] == '-' && b[f + 10] == ' ' && b[f + 13] == ':' && b[f + 16] == ':'
        && isDigit(b[f]) && isDigit(b[f + 1]) && isDigit(b[f + 2]) && isDigit(b[f + 3]) && isDigit(b[f + 5])
        && isDigit(b[f + 6]) && isDigit(b[f + 8]) && isDigit(b[f + 9]) && isDigit(b[f + 11]) && isDigit(b[f + 12])
        && isDigit(b[f + 14]) && isDigit(b[f + 15]) && isDigit(b[f + 17]) && isDigit(b[f + 18]);
  }

  private static int number(byte[] bytes, int from, int digits) {
    int value = 0;
    for (int i = 0; i < digits; i++) {
      value = value * 10 + (bytes[from + i] - '0');
    }
    return value;
  }

  static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
