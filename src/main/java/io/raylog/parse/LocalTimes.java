package io.raylog.parse;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Reads the times Ray writes, {@code 2024-11-14 17:16:38,083} (also with {@code .} before the fraction, and with
 * microseconds), as container-local time in a configured zone, and turns them into UTC epoch milliseconds. Lines of
 * one file come in time order, so the last second read is cached: most lines cost a 19-byte comparison.
 *
 * <p>Not thread-safe: one per tail thread.
 */
public final class LocalTimes {
  /** Returned when the bytes are not a time. */
  public static final long NOT_A_TIME = Long.MIN_VALUE;
  /** Length of {@code yyyy-MM-dd HH:mm:ss}. */
  static final int SECONDS_LENGTH = 19;

  private final ZoneId zone;
  private final byte[] cachedSeconds = new byte[SECONDS_LENGTH];
  private long cachedEpochSecond = NOT_A_TIME;

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
    if (cachedEpochSecond != NOT_A_TIME && java.util.Arrays.equals(bytes, from, from + SECONDS_LENGTH, cachedSeconds,
        0, SECONDS_LENGTH)) {
      return cachedEpochSecond;
    }
    int year = number(bytes, from, 4);
    int month = number(bytes, from + 5, 2);
    int day = number(bytes, from + 8, 2);
    int hour = number(bytes, from + 11, 2);
    int minute = number(bytes, from + 14, 2);
    int second = number(bytes, from + 17, 2);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
      return NOT_A_TIME;
    }
    long epochSecond;
    try {
      LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59));
      epochSecond = zone == ZoneOffset.UTC ? local.toEpochSecond(ZoneOffset.UTC) : local.atZone(zone).toEpochSecond();
    } catch (java.time.DateTimeException e) {
      return NOT_A_TIME; // e.g. February 30th
    }
    System.arraycopy(bytes, from, cachedSeconds, 0, SECONDS_LENGTH);
    cachedEpochSecond = epochSecond;
    return epochSecond;
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
