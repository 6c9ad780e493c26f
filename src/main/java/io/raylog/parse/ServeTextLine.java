package io.raylog.parse;

import io.raylog.record.AsciiBytes;
import io.raylog.record.RayKey;
import io.raylog.record.Severity;

/**
 * Ray Serve's text lines (ray-logs.md §3.5), in both layouts Ray has written:
 *
 * <ul>
 *   <li>Ray ≥ 2.40: {@code INFO 2024-11-20 13:53:00,197 default_A zosusx8c 26891433-… -- GET / 200 4.1ms}: level,
 *       time, the component's name and id, the request id inside a request, then {@code -- } and the message;
 *   <li>older: {@code INFO 2024-02-27 16:05:11,233 default_Model cwnihe65 4db9445d-… /route replica.py:1068 - msg}:
 *       the same, then the request id and route inside a request, then {@code file:line - } and the message.
 * </ul>
 *
 * The header ends at the first {@code --} token, or at the first {@code file:line} token followed by {@code " - "},
 * within the few tokens after the component's id; text after it is the message, whatever it holds (a {@code " - "}
 * of its own included). A line whose header does not end so keeps everything after the time as its message. The
 * component name and id repeat what the file name says, so they are not kept. Pure.
 */
final class ServeTextLine {
  /** Starts with the level word's first letter. */
  static final LinePattern HEADER = LinePattern.startingWith(FirstBytes.range('A', 'Z'), ServeTextLine::isHeader);
  /** Tokens between the component's id and the end of the header: request id and route. */
  private static final int MAX_CONTEXT_TOKENS = 2;

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
    Severity severity = Severity.ofName(b, from, levelEnd - from);
    if (severity == null) {
      return false; // an upper-case word before a time, not a level
    }
    int end = from + length;
    out.timeMillis = time;
    out.severity = severity;
    int afterTime = levelEnd + 1 + 23;
    out.message(Math.min(afterTime + 1, end), end);
    // name and id
    int p = afterTime + 1;
    for (int skip = 0; skip < 2; skip++) {
      int space = AsciiBytes.indexOf(b, p, end, (byte) ' ');
      if (space < 0) {
        return true;
      }
      p = space + 1;
    }
    int requestFrom = -1;
    int requestTo = -1;
    int routeFrom = -1;
    int routeTo = -1;
    for (int token = 0; token <= MAX_CONTEXT_TOKENS && p < end; token++) {
      int space = AsciiBytes.indexOf(b, p, end, (byte) ' ');
      int tokenEnd = space < 0 ? end : space;
      if (tokenEnd - p == 2 && b[p] == '-' && b[p + 1] == '-') {
        context(b, out, requestFrom, requestTo, routeFrom, routeTo);
        out.message(Math.min(tokenEnd + 1, end), end);
        return true;
      }
      if (space >= 0 && space + 2 < end && b[space + 1] == '-' && b[space + 2] == ' ' && isSource(b, p, tokenEnd)) {
        context(b, out, requestFrom, requestTo, routeFrom, routeTo);
        out.fields.string(RayKey.SOURCE, b, p, tokenEnd - p);
        out.message(space + 3, end);
        return true;
      }
      if (b[p] == '/' && routeFrom < 0) {
        routeFrom = p;
        routeTo = tokenEnd;
      } else if (requestFrom < 0 && routeFrom < 0) {
        requestFrom = p;
        requestTo = tokenEnd;
      } else {
        return true; // a token that is neither: not a header raylog can read without losing text
      }
      if (space < 0) {
        break;
      }
      p = space + 1;
    }
    return true; // no end of header: the message is all after the time
  }

  private static void context(byte[] b, ParsedLine out, int requestFrom, int requestTo, int routeFrom, int routeTo) {
    if (requestFrom >= 0) {
      out.fields.string(RayKey.REQUEST_ID, b, requestFrom, requestTo - requestFrom);
    }
    if (routeFrom >= 0) {
      out.fields.string(RayKey.ROUTE, b, routeFrom, routeTo - routeFrom);
    }
  }

  /** {@code name:123}: a colon followed by digits to the end, with something before it. */
  private static boolean isSource(byte[] b, int from, int end) {
    int i = end;
    while (i > from && LocalTimes.isDigit(b[i - 1])) {
      i--;
    }
    return i < end && i - 1 > from && b[i - 1] == ':';
  }
}
