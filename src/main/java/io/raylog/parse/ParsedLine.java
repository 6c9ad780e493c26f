package io.raylog.parse;

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
  /** Scratch space of {@link KeyValueTail}. */
  final int[] pairStarts = new int[KeyValueTail.MAX_PAIRS];

  /** Starts a line: the whole line is the message until a parser says otherwise. */
  void reset(byte[] bytes, int from, int length, int sourceKeys) {
    timeMillis = LocalTimes.NOT_A_TIME;
    severity = null;
    message = bytes;
    messageFrom = from;
    messageLength = length;
    componentFrom = -1;
    componentLength = 0;
    fields.reset(sourceKeys);
  }

  void message(int from, int end) {
    messageFrom = from;
    messageLength = Math.max(0, end - from);
  }
}
