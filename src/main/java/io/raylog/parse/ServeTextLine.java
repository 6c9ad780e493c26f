package io.raylog.parse;

import io.raylog.record.AsciiBytes;
import io.raylog.record.RayKey;
import io.raylog.record.Severity;

/**
 * Ray Serve's text lines (ray-logs.md §3.5):
 * {@code INFO 2024-02-27 16:05:11,233 default_Model cwnihe65 4db9445d-… /route replica.py:1068 - msg}: level, time,
 * the component's name and id, then optional request id and route, then {@code file:line - } and the message. The
 * component name and id repeat what the file name says, so they are not kept.
 */
final class ServeTextLine {
  /** Starts with the level word's first letter. */
  static final LinePattern HEADER = LinePattern.startingWith(FirstBytes.range('A', 'Z'), ServeTextLine::isHeader);
  private static final byte[] SEPARATOR = AsciiBytes.of(" - ");

  private ServeTextLine() {}

  static boolean isHeader(byte[] b, int from, int length) {
    int space = levelEnd(b, from, length);
    return space > 0 && length - (space + 1 - from) >= 23 && b[space + 5] == '-' && b[space + 20] == ',';
  }

  /** The space after a leading upper-case level word of 4 to 8 letters, or -1. */
  private static int levelEnd(byte[] b, int from, int length) {
    int end = Math.min(from + length, from + 9);
    for (int i = from; i < end; i++) {
      if (b[i] == ' ') {
        return i - from >= 4 ? i : -1;
      }
      if (b[i] < 'A' || b[i] > 'Z') {
        return -1;
      }
    }
    return -1;
  }

  static boolean parse(byte[] b, int from, int length, ParsedLine out, LocalTimes times) {
    if (!isHeader(b, from, length)) {
      return false;
    }
    int levelEnd = levelEnd(b, from, length);
    long time = times.parse(b, levelEnd + 1, 23);
    if (time == LocalTimes.NOT_A_TIME) {
      return false;
    }
    int end = from + length;
    out.timeMillis = time;
    out.severity = Severity.ofName(b, from, levelEnd - from);
    int i = levelEnd + 1 + 23;
    int separator = AsciiBytes.indexOf(b, i, end, SEPARATOR);
    if (separator < 0) {
      out.message(i + 1, end);
      return true;
    }
    // Tokens between the time and " - ": name, id, [request id], [route], source.
    int token = 0;
    int sourceStart = -1;
    int p = i + 1;
    while (p < separator) {
      int next = AsciiBytes.indexOf(b, p, separator, (byte) ' ');
      int tokenEnd = next < 0 ? separator : next;
      if (tokenEnd == separator) {
        sourceStart = p;
      } else if (token >= 2) {
        if (b[p] == '/') {
          out.fields.string(RayKey.ROUTE, b, p, tokenEnd - p);
        } else {
          out.fields.string(RayKey.REQUEST_ID, b, p, tokenEnd - p);
        }
      }
      token++;
      p = tokenEnd + 1;
    }
    if (sourceStart >= 0) {
      out.fields.string(RayKey.SOURCE, b, sourceStart, separator - sourceStart);
    }
    out.message(separator + 3, end);
    return true;
  }

}
