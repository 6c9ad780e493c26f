package io.raylog.record;

/**
 * Formats epoch milliseconds as RFC 3339 UTC with milliseconds ({@code 2026-11-25T10:00:00.123Z}) into
 * {@link JsonBytes}. The last value is cached whole, since the records of one read share their observed time; any
 * other value is formatted with integer arithmetic (no {@code java.time} objects), because parsed times differ
 * from record to record. Not thread-safe: one per encoding thread and field.
 */
public final class Timestamps {
  private long cachedMillis = Long.MIN_VALUE;
  /** The second {@link #cached} holds: within it, only the milliseconds are written again. */
  private long cachedSecond = Long.MIN_VALUE;
  /** {@code "yyyy-MM-ddTHH:mm:ss.SSSZ"} with its quotes (26 bytes), or a year beyond four digits (longer). */
  private final byte[] cached = new byte[40];
  private int cachedLength;

  /** Appends the quoted timestamp. */
  public void write(long epochMillis, JsonBytes out) {
    if (epochMillis != cachedMillis) {
      format(epochMillis);
    }
    out.raw(cached, cachedLength);
  }

  private void format(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    int millis = (int) Math.floorMod(epochMillis, 1000);
    if (second == cachedSecond && cachedLength == 26) {
      digits(cached, 21, millis, 3);
      cachedMillis = epochMillis;
      return;
    }
    long days = Math.floorDiv(second, 86_400);
    int secondOfDay = (int) Math.floorMod(second, 86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999) {
      // Outside what four digits hold: write it the way java.time does, once in a blue moon.
      byte[] text = ('"' + java.time.Instant.ofEpochMilli(epochMillis).toString() + '"')
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      System.arraycopy(text, 0, cached, 0, text.length);
      cachedLength = text.length;
      cachedMillis = epochMillis;
      cachedSecond = Long.MIN_VALUE;
      return;
    }
    byte[] b = cached;
    b[0] = '"';
    digits(b, 1, (int) year, 4);
    b[5] = '-';
    digits(b, 6, month, 2);
    b[8] = '-';
    digits(b, 9, day, 2);
    b[11] = 'T';
    digits(b, 12, secondOfDay / 3600, 2);
    b[14] = ':';
    digits(b, 15, secondOfDay / 60 % 60, 2);
    b[17] = ':';
    digits(b, 18, secondOfDay % 60, 2);
    b[20] = '.';
    digits(b, 21, millis, 3);
    b[24] = 'Z';
    b[25] = '"';
    cachedLength = 26;
    cachedMillis = epochMillis;
    cachedSecond = second;
  }

  private static void digits(byte[] into, int at, int value, int count) {
    for (int i = at + count - 1; i >= at; i--) {
      into[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }
}
