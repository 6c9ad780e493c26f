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
  private static final byte[] AUTOSCALER_STATUS = AsciiBytes.of("======== Autoscaler status: ");
  /** {@code logging.basicConfig}'s default format, {@code %(levelname)s:%(name)s:%(message)s}. */
  static final LinePattern BASIC_CONFIG =
      LinePattern.startingWith(FirstBytes.of('D', 'I', 'W', 'E', 'C'), (b, from, length) -> basicNameEnd(b, from, length) > 0);

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
    int i = out.consoleComponent(b, levelEnd + 1, end);
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

  /**
   * A {@code logging.basicConfig} line, {@code WARNING:__main__:message}: the level, the logger's name (to the
   * {@code logger} attribute) and the message. False (and {@code out} untouched) if it is not one.
   */
  static boolean parseBasicConfig(byte[] b, int from, int length, ParsedLine out) {
    int nameEnd = basicNameEnd(b, from, length);
    if (nameEnd < 0) {
      return false;
    }
    int levelEnd = AsciiBytes.indexOf(b, from, nameEnd, (byte) ':');
    out.severity = Severity.ofName(b, from, levelEnd - from);
    out.fields.attribute(LOGGER, b, levelEnd + 1, nameEnd - levelEnd - 1);
    out.message(nameEnd + 1, from + length);
    return true;
  }

  private static final String LOGGER = "logger";

  /** Where the {@code :} after the logger's name is in a basicConfig line, or -1. */
  private static int basicNameEnd(byte[] b, int from, int length) {
    int end = from + length;
    int levelEnd = -1;
    for (int i = from; i < Math.min(end, from + 9); i++) {
      if (b[i] == ':') {
        levelEnd = i;
        break;
      }
      if (b[i] < 'A' || b[i] > 'Z') {
        return -1;
      }
    }
    if (levelEnd < 0 || !isLevel(b, from, levelEnd - from)) {
      return -1;
    }
    int i = levelEnd + 1;
    int nameFrom = i;
    while (i < end && i - nameFrom < 128 && b[i] != ':' && b[i] != ' ') {
      i++;
    }
    return i > nameFrom && i < end && b[i] == ':' ? i : -1;
  }

  /** The level names Python's logging writes: DEBUG, INFO, WARNING, ERROR, CRITICAL. */
  private static boolean isLevel(byte[] b, int from, int length) {
    return switch (length) {
      case 4, 5, 7, 8 -> Severity.ofName(b, from, length) != null && !(length == 4 && b[from] != 'I')
          && !(length == 5 && (b[from] == 'T' || b[from] == 'F'));
      default -> false;
    };
  }

  /**
   * The header of an autoscaler status block printed bare ({@code monitor.out}):
   * {@code ======== Autoscaler status: 2026-11-25 10:00:05.911848 ========}, whose time becomes the record's.
   */
  static boolean parseAutoscalerStatus(byte[] b, int from, int length, ParsedLine out, LocalTimes times) {
    if (length < AUTOSCALER_STATUS.length + LocalTimes.SECONDS_LENGTH || b[from] != '='
        || !AsciiBytes.startsWith(b, from, from + length, AUTOSCALER_STATUS)) {
      return false;
    }
    int at = from + AUTOSCALER_STATUS.length;
    long time = times.parse(b, at, Math.min(from + length - at, 26));
    if (time == LocalTimes.NOT_A_TIME) {
      return false;
    }
    out.timeMillis = time;
    return true;
  }
}
