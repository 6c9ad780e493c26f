package io.raylog.parse;

import io.raylog.record.AsciiBytes;
import io.raylog.record.RayKey;
import io.raylog.record.Severity;

/**
 * glog-format lines, which gRPC and abseil write to the stderr of Ray's C++ processes ({@code raylet.err},
 * {@code gcs_server.err}) and of workers: {@code E0302 10:15:07.412345 4242 fork_posix.cc:76] message} (a level
 * letter, month and day, the time with micro- or nanoseconds, a thread id, the source, then the message, with any
 * number of spaces between them). The year is not written: it is the session's (from its directory name), or the
 * next one for a month before the session's. Pure; the scratch bytes are the caller's.
 */
final class GlogLine {
  static final LinePattern HEADER =
      LinePattern.startingWith(FirstBytes.of('I', 'W', 'E', 'F'), GlogLine::isHeader);

  private GlogLine() {}

  static boolean isHeader(byte[] b, int from, int length) {
    return length > 22 && b[from + 5] == ' ' && b[from + 8] == ':' && b[from + 11] == ':' && b[from + 14] == '.'
        && isLevel(b[from]) && digits(b, from + 1, 4) && digits(b, from + 6, 2)
        && digits(b, from + 9, 2) && digits(b, from + 12, 2);
  }

  static boolean parse(byte[] b, int from, int length, ParsedLine out, LocalTimes times) {
    if (!isHeader(b, from, length)) {
      return false;
    }
    int end = from + length;
    int i = from + 15;
    int fraction = i;
    while (i < end && LocalTimes.isDigit(b[i])) {
      i++;
    }
    if (i == fraction || i >= end || b[i] != ' ') {
      return false;
    }
    int fractionEnd = i;
    while (i < end && b[i] == ' ') {
      i++;
    }
    int tidFrom = i;
    long tid = 0;
    while (i < end && LocalTimes.isDigit(b[i]) && i - tidFrom < 19) {
      tid = tid * 10 + (b[i++] - '0');
    }
    if (i == tidFrom || i >= end || b[i] != ' ') {
      return false;
    }
    while (i < end && b[i] == ' ') {
      i++;
    }
    int sourceFrom = i;
    int close = AsciiBytes.indexOf(b, i, Math.min(end, i + 128), (byte) ']');
    if (close <= sourceFrom || AsciiBytes.indexOf(b, sourceFrom, close, (byte) ' ') >= 0) {
      return false;
    }
    i = close + 1;
    while (i < end && b[i] == ' ') {
      i++;
    }
    out.severity = Severity.ofLetter(b[from]);
    out.timeMillis = time(b, from, fraction, fractionEnd, out, times);
    out.fields.number(RayKey.TID, tid);
    out.fields.string(RayKey.SOURCE, b, sourceFrom, close - sourceFrom);
    out.message(i, end);
    return true;
  }

  /** {@code yyyy-MM-dd HH:mm:ss.fff} in the scratch bytes, read by {@code times}; not a time without a year. */
  private static long time(byte[] b, int from, int fraction, int fractionEnd, ParsedLine out, LocalTimes times) {
    if (out.sessionYear < 0) {
      return LocalTimes.NOT_A_TIME;
    }
    int month = (b[from + 1] - '0') * 10 + (b[from + 2] - '0');
    int year = month < out.sessionMonth ? out.sessionYear + 1 : out.sessionYear;
    byte[] t = out.timeScratch;
    t[0] = (byte) ('0' + year / 1000 % 10);
    t[1] = (byte) ('0' + year / 100 % 10);
    t[2] = (byte) ('0' + year / 10 % 10);
    t[3] = (byte) ('0' + year % 10);
    t[4] = '-';
    t[5] = b[from + 1];
    t[6] = b[from + 2];
    t[7] = '-';
    t[8] = b[from + 3];
    t[9] = b[from + 4];
    t[10] = ' ';
    System.arraycopy(b, from + 6, t, 11, 8); // HH:mm:ss
    t[19] = '.';
    int digits = Math.min(3, fractionEnd - fraction);
    System.arraycopy(b, fraction, t, 20, digits);
    return times.parse(t, 0, 20 + digits);
  }

  /** glog's levels: Info, Warning, Error, Fatal. */
  private static boolean isLevel(byte letter) {
    return letter == 'I' || letter == 'W' || letter == 'E' || letter == 'F';
  }

  private static boolean digits(byte[] b, int from, int count) {
    for (int i = from; i < from + count; i++) {
      if (!LocalTimes.isDigit(b[i])) {
        return false;
      }
    }
    return true;
  }
}
