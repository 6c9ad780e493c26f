package io.raylog.record;

import java.nio.charset.StandardCharsets;

/**
 * Reads the fields parsing put on a record ({@code ray} fields and {@code attributes}) as typed values, straight
 * from the JSON fragments the parse wrote for the NDJSON output, so that sinks with their own data model (OTLP) and
 * filters read them without a JSON library and without parsing the record again; the NDJSON path copies the
 * fragments and never comes here. The fragments are valid JSON by construction: the parse wrote or checked every
 * byte of them. Stateless; thread-safe.
 */
public final class ParsedFieldReader {

  /** What a field's value is. */
  public enum Kind {
    /** A JSON string: {@link Visitor#field} gets it decoded. */
    TEXT,
    /** A whole number that fits a long: {@link Visitor#field} gets its digits, {@code number} its value. */
    WHOLE_NUMBER,
    /** Anything else (a fraction, a boolean, null, an object, an array): {@link Visitor#field} gets its JSON text. */
    OTHER_JSON
  }

  /** Receives the fields of a record, in the order the record's JSON has them. */
  @FunctionalInterface
  public interface Visitor {
    /**
     * @param rayField whether the field is one of the {@code ray} object's, else one of {@code attributes}
     * @param number the value of a {@link Kind#WHOLE_NUMBER}; 0 otherwise
     */
    void field(boolean rayField, String key, Kind kind, String value, long number);
  }

  private ParsedFieldReader() {}

  /** Every field parsing put on {@code record}: its {@code ray} fields first, then its attributes. */
  public static void forEach(LogRecord record, Visitor visitor) {
    byte[] b = record.extras;
    if (b == null) {
      return;
    }
    int rayEnd = record.extrasFrom + record.rayFieldsLength;
    // The ray fields are ",key:value" pairs; the attributes an object's body, "key:value" pairs after the first.
    pairs(b, record.extrasFrom, rayEnd, true, visitor);
    pairs(b, rayEnd, rayEnd + record.attributesLength, false, visitor);
  }

  /** The value of one {@code ray} field that parsing put on {@code record}, as text; null when it put none. */
  public static String rayField(LogRecord record, RayKey key) {
    long value = find(record, key);
    return value < 0 ? null : text(record.extras, (int) (value >>> 32), (int) value);
  }

  /**
   * Whether the {@code ray} field {@code key} that parsing put on {@code record} is the text whose UTF-8 is
   * {@code utf8}: compared in place, no string made unless the value holds an escape. False when it put none.
   */
  public static boolean rayFieldEquals(LogRecord record, RayKey key, byte[] utf8) {
    long value = find(record, key);
    if (value < 0) {
      return false;
    }
    byte[] b = record.extras;
    int valueStart = (int) (value >>> 32);
    int valueEnd = (int) value;
    boolean string = b[valueStart] == '"';
    int from = string ? valueStart + 1 : valueStart;
    int to = string ? valueEnd - 1 : valueEnd;
    for (int i = from; i < to; i++) {
      if (b[i] == '\\') {
        return new String(utf8, StandardCharsets.UTF_8).equals(text(b, valueStart, valueEnd));
      }
    }
    return java.util.Arrays.equals(b, from, to, utf8, 0, utf8.length);
  }

  /** Where the value of the {@code ray} field {@code key} is in {@code record.extras}: start << 32 | end; or -1. */
  private static long find(LogRecord record, RayKey key) {
    byte[] b = record.extras;
    if (b == null) {
      return -1;
    }
    int at = record.extrasFrom;
    int end = at + record.rayFieldsLength;
    while (at < end) {
      int keyStart = at + 2; // past ,"
      int keyEnd = stringEnd(b, keyStart);
      int valueStart = keyEnd + 2; // past ":
      int valueEnd = valueEnd(b, valueStart, end);
      if (keyEnd - keyStart == key.fieldName.length() && matches(b, keyStart, key.fieldName)) {
        return (long) valueStart << 32 | valueEnd;
      }
      at = valueEnd;
    }
    return -1;
  }

  private static void pairs(byte[] b, int at, int end, boolean ray, Visitor visitor) {
    while (at < end) {
      if (b[at] == ',') {
        at++;
      }
      int keyStart = at + 1;
      int keyEnd = stringEnd(b, keyStart);
      String key = unescape(b, keyStart, keyEnd);
      int valueStart = keyEnd + 2;
      int valueEnd = valueEnd(b, valueStart, end);
      byte first = b[valueStart];
      if (first == '"') {
        visitor.field(ray, key, Kind.TEXT, unescape(b, valueStart + 1, valueEnd - 1), 0);
      } else {
        String json = new String(b, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8);
        long whole = wholeNumber(b, valueStart, valueEnd);
        if (whole != NOT_WHOLE) {
          visitor.field(ray, key, Kind.WHOLE_NUMBER, json, whole);
        } else {
          visitor.field(ray, key, Kind.OTHER_JSON, json, 0);
        }
      }
      at = valueEnd;
    }
  }

  private static final long NOT_WHOLE = Long.MIN_VALUE;

  /** The value of an optional minus and digits that fit a long; {@link #NOT_WHOLE} for anything else. */
  private static long wholeNumber(byte[] b, int from, int end) {
    int at = b[from] == '-' ? from + 1 : from;
    if (at == end || end - at > 19) {
      return NOT_WHOLE;
    }
    if (end - at == 19) { // may overflow: rare enough to take the library's way
      try {
        return Long.parseLong(new String(b, from, end - from, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        return NOT_WHOLE;
      }
    }
    long value = 0;
    for (int i = at; i < end; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return NOT_WHOLE;
      }
      value = value * 10 + (b[i] - '0');
    }
    return at == from ? value : -value;
  }

  /** A value as text: a string decoded, anything else as its JSON. */
  private static String text(byte[] b, int from, int end) {
    return b[from] == '"' ? unescape(b, from + 1, end - 1)
        : new String(b, from, end - from, StandardCharsets.UTF_8);
  }

  /** Where the string whose content starts at {@code from} ends: the index of its closing quote. */
  private static int stringEnd(byte[] b, int from) {
    int at = from;
    while (b[at] != '"') {
      at += b[at] == '\\' ? 2 : 1;
    }
    return at;
  }

  /** Where the value starting at {@code from} ends: after its closing quote or bracket, or before the next comma. */
  private static int valueEnd(byte[] b, int from, int end) {
    byte first = b[from];
    if (first == '"') {
      return stringEnd(b, from + 1) + 1;
    }
    if (first != '{' && first != '[') {
      int at = from;
      while (at < end && b[at] != ',') {
        at++;
      }
      return at;
    }
    int depth = 0;
    int at = from;
    do {
      byte c = b[at];
      if (c == '"') {
        at = stringEnd(b, at + 1);
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
      at++;
    } while (depth > 0);
    return at;
  }

  private static boolean matches(byte[] b, int from, String ascii) {
    for (int i = 0; i < ascii.length(); i++) {
      if (b[from + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The text of the JSON string whose content (between its quotes) is {@code b[from..end)}, escapes decoded; for code
   * that rewrites the fragments (redaction).
   */
  public static String decodeString(byte[] b, int from, int end) {
    return unescape(b, from, end);
  }

  /** The text of a JSON string's content, escapes decoded. */
  private static String unescape(byte[] b, int from, int end) {
    int backslash = from;
    while (backslash < end && b[backslash] != '\\') {
      backslash++;
    }
    if (backslash == end) {
      return new String(b, from, end - from, StandardCharsets.UTF_8);
    }
    StringBuilder out = new StringBuilder(end - from);
    out.append(new String(b, from, backslash - from, StandardCharsets.UTF_8));
    int at = backslash;
    while (at < end) {
      if (b[at] != '\\') {
        int run = at;
        while (run < end && b[run] != '\\') {
          run++;
        }
        out.append(new String(b, at, run - at, StandardCharsets.UTF_8));
        at = run;
        continue;
      }
      byte escaped = b[at + 1];
      switch (escaped) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          out.append((char) Integer.parseInt(new String(b, at + 2, 4, StandardCharsets.US_ASCII), 16));
          at += 4;
        }
        default -> out.append((char) escaped); // " \ /
      }
      at += 2;
    }
    return out.toString();
  }
}
