package io.raylog.parse;

import io.raylog.record.Unparsed;

/**
 * What the parse of one record needs besides its text, fixed when the tail thread assembled it: the format, where
 * its first line ends (the line a format's parser reads; the others are its continuation), the stream and the time
 * its container log gave, and the worker context in force. Immutable.
 */
public final class PendingParse implements Unparsed {
  final LineFormat format;
  final int firstLineLength;
  final String stream;
  final WorkerContext.Encoded context;
  final long knownTimeMillis;

  PendingParse(LineFormat format, int firstLineLength, String stream, WorkerContext.Encoded context,
      long knownTimeMillis) {
    this.format = format;
    this.firstLineLength = firstLineLength;
    this.stream = stream;
    this.context = context;
    this.knownTimeMillis = knownTimeMillis;
  }

  /**
   * At most how many bytes of fields the parse may add: the first line's (a JSON line's keys and values, escaped;
   * escapes are rare, and a line of control characters is raw worker output, never parsed as JSON), plus the
   * stream, the worker context and the keys a header gives.
   */
  @Override
  public int extraBytesEstimate() {
    return firstLineLength + 128 + (context == null ? 0 : context.bytes());
  }
}
