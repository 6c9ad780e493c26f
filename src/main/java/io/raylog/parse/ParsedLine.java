package io.raylog.parse;

import io.raylog.record.AsciiBytes;
import io.raylog.record.Severity;

/**
 * What a format's parser found in the first line of a record: its time, severity, where the message is, and the
 * fields it carries. The message is a slice of the line unless the parser had to decode it (a JSON string), in
 * which case it is a new array. Not thread-safe: one per parse thread, reused for every record.
 */
final class ParsedLine {
  long timeMillis;
  Severity severity;
  byte[] message;
  int messageFrom;
  int messageLength;
  /** The {@code (component)} of a console line (RAY_LOG_TO_STDERR output), a slice of the line; -1 when absent. */
  int componentFrom;
  int componentLength;
  final ParsedFields fields = new ParsedFields();
  /** What console component names mean, for {@link ConsoleComponents}: names repeat from line to line. */
  final java.util.Map<String, ConsoleComponents.Resolved> consoleNames = new java.util.HashMap<>();
  /** The year and month of the file's session (from its name), for times written without a year; -1 unknown. */
  int sessionYear = -1;
  int sessionMonth = -1;
  private String lastSession;
  /** Scratch space of {@link GlogLine}: a time with its year put back. */
  final byte[] timeScratch = new byte[32];
  /** Scratch space of {@link KeyValueTail}. */
  final int[] pairStarts = new int[KeyValueTail.MAX_PAIRS];

  /** Starts a line: the whole line is the message until a parser says otherwise. */
  void reset(byte[] bytes, int from, int length, int sourceKeys, String session) {
    if (session != lastSession) { // records come file by file: the same string, most of the time
      session(session);
    }
    timeMillis = LocalTimes.NOT_A_TIME;
    severity = null;
    message = bytes;
    messageFrom = from;
    messageLength = length;
    componentFrom = -1;
    componentLength = 0;
    fields.reset(sourceKeys);
  }

  /**
   * Reads a console line's {@code (component) } at {@code i}, when there is one (C++ and Python lines both may carry
   * it), and returns where the line goes on after it; {@code i} when there is none.
   */
  int consoleComponent(byte[] b, int i, int end) {
    if (i < end && b[i] == '(') {
      int close = AsciiBytes.indexOf(b, i, end, (byte) ')');
      if (close > 0 && close + 1 < end && b[close + 1] == ' ') {
        componentFrom = i + 1;
        componentLength = close - i - 1;
        return close + 2;
      }
    }
    return i;
  }

  /** session_2026-11-25_10-00-00_123456_1: its year and month. */
  private void session(String session) {
    lastSession = session;
    sessionYear = -1;
    sessionMonth = -1;
    if (session != null && session.length() >= 15 && session.startsWith("session_")) {
      int year = number(session, 8, 4);
      int month = number(session, 13, 2);
      if (year >= 0 && month >= 1 && month <= 12) {
        sessionYear = year;
        sessionMonth = month;
      }
    }
  }

  private static int number(String s, int from, int digits) {
    int value = 0;
    for (int i = from; i < from + digits; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  void message(int from, int end) {
    messageFrom = from;
    messageLength = Math.max(0, end - from);
  }
}
