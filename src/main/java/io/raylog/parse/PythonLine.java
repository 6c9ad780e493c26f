package io.raylog.parse;

import io.raylog.record.AsciiBytes;
import io.raylog.record.RayKey;
import io.raylog.record.Severity;

/**
 * Ray's Python component lines, {@code 2023-04-16 23:55:15,806<TAB>INFO monitor.py:652 -- msg}, a TAB or a space
 * after the time, with {@code (component)} after the level in RAY_LOG_TO_STDERR output (ray-logs.md §3.2); and the
 * TEXT encoding of Ray's structured logging, the same line followed by {@code key=value} pairs (§3.4).
 */
final class PythonLine {
  /** Starts with the time's first digit. */
  static final LinePattern HEADER = LinePattern.startingWith(FirstBytes.range('0', '9'), PythonLine::isHeader);
  private static final byte[] SEPARATOR = AsciiBytes.of(" -- ");

  private PythonLine() {}

  static boolean isHeader(byte[] b, int from, int length) {
    return length > 25 && (b[from + 23] == '\t' || b[from + 23] == ' ') && b[from + 4] == '-'
        && b[from + 19] == ',' && b[from + 24] >= 'A' && b[from + 24] <= 'Z' && LocalTimes.isDigit(b[from]);
  }

  /**
   * Fills {@code out} from a header line; false (and {@code out} untouched) if it is not one.
   *
   * @param keyValues whether trailing {@code key=value} pairs are fields (structured logging's TEXT encoding)
   */
  static boolean parse(byte[] b, int from, int length, ParsedLine out, LocalTimes times, boolean keyValues) {
    if (!isHeader(b, from, length)) {
      return false;
    }
    long time = times.parse(b, from, 23);
    if (time == LocalTimes.NOT_A_TIME) {
      return false;
    }
    int end = from + length;
    int levelStart = from + 24;
    int levelEnd = AsciiBytes.indexOf(b, levelStart, end, (byte) ' ');
    if (levelEnd < 0) {
      return false;
    }
    Severity severity = Severity.ofName(b, levelStart, levelEnd - levelStart);
    int i = levelEnd + 1;
    if (i < end && b[i] == '(') {
      int close = AsciiBytes.indexOf(b, i, end, (byte) ')');
      if (close > 0 && close + 1 < end && b[close + 1] == ' ') {
        out.componentFrom = i + 1;
        out.componentLength = close - i - 1;
        i = close + 2;
      }
    }
    out.timeMillis = time;
    out.severity = severity;
    int separator = AsciiBytes.indexOf(b, i, end, SEPARATOR);
    if (separator > i && AsciiBytes.indexOf(b, i, separator, (byte) ' ') < 0) {
      out.fields.string(RayKey.SOURCE, b, i, separator - i);
      i = separator + 4;
    }
    out.message(i, end);
    if (keyValues) {
      KeyValueTail.read(out);
    }
    return true;
  }

}
