package io.raylog.parse;

import io.raylog.record.AsciiBytes;
import io.raylog.record.Severity;

/**
 * The first lines of the crash output that Python and abseil write raw, without a log header, and what they mean
 * for a record that starts with them: a Python traceback and an unhandled thread exception are ERROR, a
 * {@code Fatal Python error:} (faulthandler) and an abseil failure report ({@code *** SIGSEGV received at
 * time=1712345678 on cpu 3 ***}) are FATAL, and the report's {@code time=} (epoch seconds) is the record's time. Also
 * the patterns of the lines that continue such output, for the multi-line rules. Pure.
 */
final class CrashLine {
  private static final byte[] TRACEBACK_TEXT = AsciiBytes.of("Traceback (most recent call last):");
  private static final byte[] EXCEPTION_IN_THREAD_TEXT = AsciiBytes.of("Exception in thread ");
  private static final byte[] FATAL_PYTHON_TEXT = AsciiBytes.of("Fatal Python error: ");
  private static final byte[] SIG = AsciiBytes.of("*** SIG");
  private static final byte[] ABORTED_AT = AsciiBytes.of("*** Aborted at ");
  private static final byte[] RECEIVED = AsciiBytes.of(" received at ");
  private static final byte[] TIME = AsciiBytes.of("time=");
  private static final byte[] RAY_EXCEPTIONS_TASK_ERROR = AsciiBytes.of("ray.exceptions.RayTaskError");
  private static final byte[] RAY_WORKER_TASK_ERROR = AsciiBytes.of("ray.worker.RayTaskError");
  private static final byte[] CREATION_TASK = AsciiBytes.of("Error raised in creation task:");
  private static final byte[] LOGGING_CC = AsciiBytes.of("logging.cc:");
  private static final byte[] PC = AsciiBytes.of("PC: @");
  private static final byte[] FRAME = AsciiBytes.of("    @");

  static final LinePattern TRACEBACK = LinePattern.startsWith(TRACEBACK_TEXT);
  /** {@code threading.excepthook}'s first line, before the traceback. */
  static final LinePattern EXCEPTION_IN_THREAD = LinePattern.startsWith(EXCEPTION_IN_THREAD_TEXT);
  static final LinePattern FATAL_PYTHON = LinePattern.startsWith(FATAL_PYTHON_TEXT);
  /** An abseil failure report's first line, raw. */
  static final LinePattern ABSEIL_SIGNAL = LinePattern.startingWith(FirstBytes.of('*'), CrashLine::isSignal);
  /** The last line of a traceback that a remote traceback's frames follow. */
  static final LinePattern RAY_TASK_ERROR = LinePattern.startingWith(FirstBytes.of('r'), (b, from, length) ->
      AsciiBytes.startsWith(b, from, from + length, RAY_EXCEPTIONS_TASK_ERROR)
          || AsciiBytes.startsWith(b, from, from + length, RAY_WORKER_TASK_ERROR));
  /** A Python log line {@code … -- Error raised in creation task:}, which the actor's error follows. */
  static final LinePattern CREATION_TASK_ERROR = LinePattern.startingWith(FirstBytes.range('0', '9'),
      (b, from, length) -> length > CREATION_TASK.length && b[from + length - 1] == ':'
          && AsciiBytes.startsWith(b, from + length - CREATION_TASK.length, from + length, CREATION_TASK)
          && PythonLine.isHeader(b, from, length));
  /**
   * The first line of an abseil report written through Ray's logger: a C++ header from {@code logging.cc} whose
   * message is {@code *** SIGSEGV received at …} (or {@code *** Aborted at …}). Such a line ends with {@code *}, which
   * is tested first: the pattern is tried on every C++ header line.
   */
  static final LinePattern LOGGED_ABSEIL_SIGNAL = LinePattern.startingWith(FirstBytes.of('['), (b, from, length) -> {
    if (length < 48 || b[from + length - 1] != '*' || !CppLine.isHeader(b, from, length)) {
      return false;
    }
    int message = loggingCcMessage(b, from, length);
    return message > 0 && isSignal(b, message, from + length - message);
  });
  /**
   * A frame of such a report: the same header, with the message {@code PC: @ …} or {@code     @ …}. Tried only in the
   * state after the report's first line.
   */
  static final LinePattern LOGGED_ABSEIL_FRAME = LinePattern.startingWith(FirstBytes.of('['), (b, from, length) -> {
    if (!CppLine.isHeader(b, from, length)) {
      return false;
    }
    int message = loggingCcMessage(b, from, length);
    int end = from + length;
    return message > 0 && (AsciiBytes.startsWith(b, message, end, PC) || AsciiBytes.startsWith(b, message, end, FRAME));
  });

  private CrashLine() {}

  private static boolean isSignal(byte[] b, int from, int length) {
    int end = from + length;
    return (AsciiBytes.startsWith(b, from, end, SIG)
        && AsciiBytes.indexOf(b, from, from + Math.min(length, 64), RECEIVED) >= 0)
        || AsciiBytes.startsWith(b, from, end, ABORTED_AT);
  }

  /** Whether the message at {@code b[from, end)} is an abseil report's first line. */
  static boolean isSignalMessage(byte[] b, int from, int end) {
    return end - from > 7 && b[from] == '*' && isSignal(b, from, end - from);
  }

  /** Where the message of a C++ header line from {@code logging.cc} starts, or -1 for a line of another source. */
  private static int loggingCcMessage(byte[] b, int from, int length) {
    int end = from + length;
    int i = AsciiBytes.indexOf(b, from + 27, Math.min(end, from + 64), (byte) ']');
    if (i < 0 || i + 2 >= end) {
      return -1;
    }
    i += 2;
    if (b[i] == '(') {
      int close = AsciiBytes.indexOf(b, i, Math.min(end, i + 64), (byte) ')');
      if (close < 0) {
        return -1;
      }
      i = close + 2;
    }
    if (i >= end || b[i] != 'l' || !AsciiBytes.startsWith(b, i, end, LOGGING_CC)) {
      return -1;
    }
    int space = AsciiBytes.indexOf(b, i, Math.min(end, i + 24), (byte) ' ');
    return space < 0 ? -1 : space + 1;
  }

  /**
   * Sets the severity (and for an abseil report the time) of a record whose first line, {@code b[from, from +
   * length)}, is raw crash output; leaves {@code out} as it is for any other line.
   */
  static void classify(byte[] b, int from, int length, ParsedLine out) {
    if (length == 0) {
      return;
    }
    int end = from + length;
    switch (b[from]) {
      case 'T' -> {
        if (AsciiBytes.startsWith(b, from, end, TRACEBACK_TEXT)) {
          out.severity = Severity.ERROR;
        }
      }
      case 'E' -> {
        if (AsciiBytes.startsWith(b, from, end, EXCEPTION_IN_THREAD_TEXT)) {
          out.severity = Severity.ERROR;
        }
      }
      case 'F' -> {
        if (AsciiBytes.startsWith(b, from, end, FATAL_PYTHON_TEXT)) {
          out.severity = Severity.FATAL;
        }
      }
      case 'r' -> {
        if (RAY_TASK_ERROR.matches(b, from, length)) {
          out.severity = Severity.ERROR;
        }
      }
      case '*' -> {
        if (isSignal(b, from, length)) {
          out.severity = Severity.FATAL;
          long seconds = statedTime(b, from, end);
          if (seconds >= 0) {
            out.timeMillis = seconds * 1000;
          }
        }
      }
      default -> {}
    }
  }

  /** The epoch seconds of {@code time=<seconds>} in an abseil report's first line, or -1. */
  private static long statedTime(byte[] b, int from, int end) {
    int at = AsciiBytes.indexOf(b, from, Math.min(end, from + 64), TIME);
    if (at < 0) {
      return -1;
    }
    long seconds = 0;
    int i = at + TIME.length;
    int digits = i;
    while (i < end && i - digits < 12 && LocalTimes.isDigit(b[i])) {
      seconds = seconds * 10 + (b[i++] - '0');
    }
    return i == digits ? -1 : seconds;
  }
}
