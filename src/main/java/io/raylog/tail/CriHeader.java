package io.raylog.tail;

/**
 * The header of a kubelet container log line in the CRI format: {@code <RFC3339Nano time> <stream> <P|F> <content>},
 * e.g. {@code 2026-11-26T03:00:00.123456789Z stderr F Hello}. {@code P} marks a partial line (the runtime split a
 * long line, or the process wrote without a newline); the following lines up to the next {@code F} continue it.
 * Pure; the parse result lives in the mutable fields of one instance per file, so parsing allocates nothing.
 *
 * <p>Not thread-safe: one instance per file.
 */
final class CriHeader {
  long timeMillis;
  boolean stderr;
  boolean partial;
  /** Where the content starts in the parsed array. */
  int contentFrom;

  /**
   * Parses the header of {@code length} bytes at {@code from}; false when they do not start with a valid header (the
   * line is then shipped as it is).
   */
  boolean parse(byte[] b, int from, int length) {
    int end = from + length;
    int space = indexOf(b, from, end, (byte) ' ');
    if (space < 0) {
      return false;
    }
    long time = parseTime(b, from, space);
    if (time == Long.MIN_VALUE) {
      return false;
    }
    int streamEnd = indexOf(b, space + 1, end, (byte) ' ');
    if (streamEnd < 0) {
      return false;
    }
    int streamLength = streamEnd - space - 1;
    if (streamLength == 6 && b[space + 1] == 's' && b[space + 4] == 'e' && b[space + 5] == 'r') {
      stderr = true;
    } else if (streamLength == 6 && b[space + 1] == 's' && b[space + 4] == 'o' && b[space + 5] == 'u') {
      stderr = false;
    } else {
      return false;
    }
    int tag = streamEnd + 1;
    if (tag < end && (b[tag] == 'P' || b[tag] == 'F') && (tag + 1 == end || b[tag + 1] == ' ')) {
      partial = b[tag] == 'P';
      contentFrom = Math.min(end, tag + 2);
    } else {
      // Old CRI logs without the tag: the rest of the line is the content, complete.
      partial = false;
      contentFrom = tag;
    }
    timeMillis = time;
    return true;
  }

  private static int indexOf(byte[] b, int from, int end, byte value) {
    for (int i = from; i < end; i++) {
      if (b[i] == value) {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@code YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)} to epoch milliseconds, or {@link Long#MIN_VALUE} when malformed.
   * Hand-written: it runs for every container log line.
   */
  static long parseTime(byte[] b, int from, int end) {
    if (end - from < 20 || b[from + 4] != '-' || b[from + 7] != '-' || (b[from + 10] != 'T' && b[from + 10] != 't')
        || b[from + 13] != ':' || b[from + 16] != ':') {
      return Long.MIN_VALUE;
    }
    int year = digits(b, from, 4);
    int month = digits(b, from + 5, 2);
    int day = digits(b, from + 8, 2);
    int hour = digits(b, from + 11, 2);
    int minute = digits(b, from + 14, 2);
    int second = digits(b, from + 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
        || minute > 59 || second < 0 || second > 60) {
      return Long.MIN_VALUE;
    }
    int i = from + 19;
    int millis = 0;
    if (i < end && b[i] == '.') {
      i++;
      int fractionDigits = 0;
      while (i < end && b[i] >= '0' && b[i] <= '9') {
        if (fractionDigits < 3) {
          millis = millis * 10 + (b[i] - '0');
        }
        fractionDigits++;
        i++;
      }
      if (fractionDigits == 0) {
        return Long.MIN_VALUE;
      }
      for (int k = fractionDigits; k < 3; k++) {
        millis *= 10;
      }
    }
    int offsetSeconds;
    if (i == end - 1 && (b[i] == 'Z' || b[i] == 'z')) {
      offsetSeconds = 0;
    } else if (i == end - 6 && (b[i] == '+' || b[i] == '-') && b[i + 3] == ':') {
      int h = digits(b, i + 1, 2);
      int m = digits(b, i + 4, 2);
      if (h < 0 || m < 0) {
        return Long.MIN_VALUE;
      }
      offsetSeconds = (b[i] == '+' ? 1 : -1) * (h * 3600 + m * 60);
    } else {
      return Long.MIN_VALUE;
    }
    long days;
    try {
      days = java.time.LocalDate.of(year, month, day).toEpochDay();
    } catch (java.time.DateTimeException e) {
      return Long.MIN_VALUE;
    }
    long seconds = days * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
    return seconds * 1000 + millis;
  }

  private static int digits(byte[] b, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return -1;
      }
      value = value * 10 + (b[i] - '0');
    }
    return value;
  }
}
