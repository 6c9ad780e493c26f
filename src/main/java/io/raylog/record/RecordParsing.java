package io.raylog.record;

/**
 * Parses records read unparsed ({@link LogRecord#parse}): implemented by the parse layer
 * ({@code io.raylog.parse.RecordParser}), which sits above the record model. Not thread-safe: one per parse thread.
 */
public interface RecordParsing {
  /** Called back by {@link LogRecord#parse} with the record's text (its lines as read) and what it carried. */
  void parse(LogRecord record, byte[] text, int from, int length, Unparsed pending);
}
