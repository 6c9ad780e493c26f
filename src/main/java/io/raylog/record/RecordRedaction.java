package io.raylog.record;

/**
 * Rewrites secrets out of a record ({@link LogRecord#redact}): implemented by the redaction layer
 * ({@code io.raylog.redact.Redactor}), which sits above the record model. Not thread-safe: one per parse thread.
 */
public interface RecordRedaction {
  /**
   * Called back by {@link LogRecord#redact} with the record's message ({@code length} bytes of UTF-8 from
   * {@code from}, never to be modified: it may be shared with other records) and its field fragments (null when it
   * has none; see {@link ParsedFieldReader}); answers through {@link LogRecord#redacted}.
   */
  void redact(LogRecord record, byte[] text, int from, int length, byte[] extras, int extrasFrom, int rayFieldsLength,
      int attributesLength);
}
