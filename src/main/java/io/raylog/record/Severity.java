package io.raylog.record;

import java.nio.charset.StandardCharsets;

/** The severity of a record, in the output's vocabulary; each Ray format's level names map onto it. */
public enum Severity {
  TRACE,
  DEBUG,
  INFO,
  WARN,
  ERROR,
  FATAL;

  private final byte[] json = (",\"severity\":\"" + name() + "\"").getBytes(StandardCharsets.US_ASCII);

  /** {@code ,"severity":"INFO"}, ready to copy into a record. */
  public byte[] json() {
    return json;
  }

  /** spdlog's one-letter levels as Ray writes them: {@code C} (critical) is Ray's FATAL. Null if unknown. */
  public static Severity ofLetter(byte letter) {
    return switch (letter) {
      case 'T' -> TRACE;
      case 'D' -> DEBUG;
      case 'I' -> INFO;
      case 'W' -> WARN;
      case 'E' -> ERROR;
      case 'C', 'F' -> FATAL;
      default -> null;
    };
  }

  /**
   * A level name as Python's logging, Serve, Ray events or spdlog's JSON variant write it ({@code WARNING},
   * {@code CRITICAL}, {@code I}, …; Ray's CLI logger's {@code SUCC} is INFO), ASCII, any case. Null if unknown.
   */
  public static Severity ofName(byte[] bytes, int from, int length) {
    if (length == 1) {
      return ofLetter(upper(bytes[from]));
    }
    return switch (length) {
      case 4 -> equalsIgnoreCase(bytes, from, "INFO") ? INFO : equalsIgnoreCase(bytes, from, "WARN") ? WARN
          : equalsIgnoreCase(bytes, from, "SUCC") ? INFO : null; // SUCC: Ray's CLI logger (cli_logger.success)
      case 5 -> equalsIgnoreCase(bytes, from, "DEBUG") ? DEBUG
          : equalsIgnoreCase(bytes, from, "ERROR") ? ERROR
          : equalsIgnoreCase(bytes, from, "TRACE") ? TRACE
          : equalsIgnoreCase(bytes, from, "FATAL") ? FATAL : null;
      case 7 -> equalsIgnoreCase(bytes, from, "WARNING") ? WARN : null;
      case 8 -> equalsIgnoreCase(bytes, from, "CRITICAL") ? FATAL : null;
      default -> null;
    };
  }

  private static boolean equalsIgnoreCase(byte[] bytes, int from, String word) {
    for (int i = 0; i < word.length(); i++) {
      if (upper(bytes[from + i]) != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static byte upper(byte b) {
    return b >= 'a' && b <= 'z' ? (byte) (b - 32) : b;
  }
}
