package io.raylog.parse;

import io.raylog.record.AsciiBytes;
import io.raylog.record.RayKey;
import io.raylog.record.Severity;

/**
 * Ray's C++ log lines (spdlog): {@code [2024-11-14 17:16:38,083 I 75 75] (gcs_server) gcs_server.cc:645: msg k=v},
 * the {@code (component)} only on console sinks ({@code raylet.out}, {@code gcs_server.out}, RAY_LOG_TO_STDERR),
 * the {@code key=value} context fields only in newer Ray. See {@code ray-logs.md} §3.1.
 */
final class CppLine {
  /** {@code [} + a 23-byte time + space + level letter + space. */
  private static final int HEADER_MIN = 27;

  static final LinePattern HEADER = LinePattern.startingWith(FirstBytes.of('['), CppLine::isHeader);

  private CppLine() {}

  static boolean isHeader(byte[] b, int from, int length) {
    return length >= HEADER_MIN && b[from] == '[' && b[from + 24] == ' ' && b[from + 26] == ' '
        && Severity.ofLetter(b[from + 25]) != null && b[from + 5] == '-' && b[from + 20] == ',';
  }

  /** Fills {@code out} from a header line; false (and {@code out} untouched) if it is not one. */
  static boolean parse(byte[] b, int from, int length, ParsedLine out, LocalTimes times) {
    if (!isHeader(b, from, length)) {
      return false;
    }
    long time = times.parse(b, from + 1, 23);
    if (time == LocalTimes.NOT_A_TIME) {
      return false;
    }
    int end = from + length;
    int i = from + HEADER_MIN;
    int pidStart = i;
    long pid = 0;
    while (i < end && LocalTimes.isDigit(b[i])) {
      pid = pid * 10 + (b[i++] - '0');
    }
    if (i == pidStart || i >= end || b[i] != ' ') {
      return false;
    }
    int tidStart = ++i;
    long tid = 0;
    while (i < end && LocalTimes.isDigit(b[i])) {
      tid = tid * 10 + (b[i++] - '0');
    }
    if (i == tidStart || i >= end || b[i] != ']') {
      return false;
    }
    i++;
    if (i < end && b[i] == ' ') {
      i++;
    }
    out.timeMillis = time;
    out.severity = Severity.ofLetter(b[from + 25]);
    out.fields.number(RayKey.PID, pid);
    out.fields.number(RayKey.TID, tid);
    i = out.consoleComponent(b, i, end);
    i = source(b, i, end, out);
    out.message(i, end);
    if (i < end && b[i] == '*' && CrashLine.isSignalMessage(b, i, end)) {
      out.severity = Severity.FATAL; // an abseil failure report through Ray's logger: the process is dying
    }
    KeyValueTail.read(out);
    return true;
  }

  /** Reads {@code file.cc:123: } into {@code ray.source}; returns where the message starts. */
  private static int source(byte[] b, int i, int end, ParsedLine out) {
    int space = AsciiBytes.indexOf(b, i, end, (byte) ' ');
    int tokenEnd = space < 0 ? end : space;
    // file:line: — the last byte is ':' and digits precede it, after another ':'
    if (tokenEnd - i < 4 || b[tokenEnd - 1] != ':') {
      return i;
    }
    int digitsEnd = tokenEnd - 1;
    int j = digitsEnd;
    while (j > i && LocalTimes.isDigit(b[j - 1])) {
      j--;
    }
    if (j == digitsEnd || j - 1 <= i || b[j - 1] != ':') {
      return i;
    }
    out.fields.string(RayKey.SOURCE, b, i, digitsEnd - i);
    return space < 0 ? end : space + 1;
  }
}
