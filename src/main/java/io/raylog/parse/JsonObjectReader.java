package io.raylog.parse;

import io.raylog.record.ByteScan;
import io.raylog.record.KeyTable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the members of one JSON object held in a byte slice, checking that it is JSON (RFC 8259) without decoding
 * what it does not have to: for each member, where its key and its value lie in the bytes and what kind the value
 * is. A nested object or array is checked and passed over whole. The caller decodes the few values it needs and
 * copies the others as the line has them, which is JSON since they were checked.
 *
 * <p>Why not Jackson's streaming parser, which raylog uses everywhere else: on log lines it was the costliest parse
 * raylog did (about 1 µs a line, five times a text line), and its large methods, compiled again each time a new
 * shape of line arrived, cost the JIT more than the parsing itself in a node's first seconds (docs/benchmark.md).
 * The lines come from the tail thread as valid UTF-8 (it replaces invalid bytes), so only the grammar is checked
 * here, not the encoding. {@code JsonObjectReaderTest} holds this reader to Jackson's verdict on generated lines,
 * including Jackson's default nesting limit. Jackson's limits on the length of a number (1000 digits) and of a key
 * are not repeated: a line is bounded by {@code tail.max_line_bytes}, and such a value is only ever copied.
 *
 * <p>Not thread-safe: one per line.
 */
final class JsonObjectReader {
  /** What a value is. */
  enum Kind { STRING, NUMBER, OBJECT, ARRAY, LITERAL, NULL }

  /** UTF-8 text: {@code length} bytes of {@code bytes} from {@code from}, a slice of the line or a decoded copy. */
  record Text(byte[] bytes, int from, int length) {
    @Override
    public String toString() {
      return new String(bytes, from, length, StandardCharsets.UTF_8);
    }
  }

  /** The bytes are not one JSON object. One instance without a stack: a line that is not JSON costs little. */
  static final class NotJson extends RuntimeException {
    private static final NotJson INSTANCE = new NotJson();

    private NotJson() {
      super("not a JSON object", null, false, false);
    }
  }

  /** How deep objects and arrays may nest: Jackson's default, so that both agree on what is JSON. */
  static final int MAX_DEPTH = 500;

  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  /** The digits of the largest long and of the smallest, without its sign: the longest numbers a long holds. */
  private static final byte[] LONG_MAX_DIGITS = "9223372036854775807".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LONG_MIN_DIGITS = "9223372036854775808".getBytes(StandardCharsets.US_ASCII);

  private final byte[] b;
  private final int end;
  private int pos;
  private boolean started;
  /** Set by {@link #string}: whether the string just passed holds a backslash escape. */
  private boolean escaped;

  // The member read last by next().
  private int keyFrom;
  private int keyEnd;
  private boolean keyEscaped;
  private int valueFrom;
  private int valueEnd;
  private boolean valueEscaped;

  /** A reader of the object that starts in {@code b[from, from + length)}, after optional white space. */
  JsonObjectReader(byte[] b, int from, int length) {
    this.b = b;
    this.end = from + length;
    this.pos = from;
  }

  /**
   * Reads the next member: true, or false once past the object's closing brace.
   *
   * @throws NotJson when the bytes are not a JSON object
   */
  boolean next() {
    int i = space(pos);
    if (!started) {
      started = true;
      if (i >= end || b[i] != '{') {
        throw NotJson.INSTANCE;
      }
      i = space(i + 1);
      if (i < end && b[i] == '}') {
        pos = i + 1;
        return false;
      }
    } else if (i < end && b[i] == '}') {
      pos = i + 1;
      return false;
    } else if (i < end && b[i] == ',') {
      i = space(i + 1);
    } else {
      throw NotJson.INSTANCE;
    }
    keyFrom = i + 1;
    i = keyString(i);
    keyEnd = i - 1;
    keyEscaped = escaped;
    i = colon(i);
    valueFrom = i;
    valueEnd = value(i, 2); // the object read is at depth 1, its values at 2
    valueEscaped = escaped;
    pos = valueEnd;
    return true;
  }

  /** After {@link #next()} returned false: whether only white space follows the object. */
  boolean atEnd() {
    return space(pos) == end;
  }

  /** The member's key in {@code table}, or null. */
  <V> V key(KeyTable<V> table) {
    if (!keyEscaped) {
      return table.get(b, keyFrom, keyEnd - keyFrom);
    }
    byte[] key = unescape(keyFrom, keyEnd);
    return table.get(key, 0, key.length);
  }

  /** What the member's value is, by its first byte (the value was checked whole). */
  Kind kind() {
    return switch (b[valueFrom]) {
      case '"' -> Kind.STRING;
      case '{' -> Kind.OBJECT;
      case '[' -> Kind.ARRAY;
      case 't', 'f' -> Kind.LITERAL;
      case 'n' -> Kind.NULL;
      default -> Kind.NUMBER;
    };
  }

  /** The bytes read: the offsets below are in them. */
  byte[] bytes() {
    return b;
  }

  /** Where the member's value starts: a string's opening quote, a number's first digit… */
  int valueFrom() {
    return valueFrom;
  }

  /** How long the value is as the line has it (a string with its quotes and escapes). */
  int valueLength() {
    return valueEnd - valueFrom;
  }

  /** Where the key starts, after its opening quote, as the line has it (escapes and all: valid JSON text). */
  int keyFrom() {
    return keyFrom;
  }

  int keyLength() {
    return keyEnd - keyFrom;
  }

  /** Whether the value is a number without fraction or exponent that a long holds. */
  boolean isLong() {
    if (kind() != Kind.NUMBER) {
      return false;
    }
    for (int i = valueFrom; i < valueEnd; i++) {
      if (b[i] == '.' || b[i] == 'e' || b[i] == 'E') {
        return false;
      }
    }
    return fitsLong();
  }

  /** The value of a number for which {@link #isLong()} holds. */
  long longValue() {
    boolean negative = b[valueFrom] == '-';
    long value = 0;
    for (int i = negative ? valueFrom + 1 : valueFrom; i < valueEnd; i++) {
      value = value * 10 - (b[i] - '0'); // negative, as Long.parseLong does: it reaches Long.MIN_VALUE
    }
    return negative ? value : -value;
  }

  /**
   * The value's text: a string's content decoded, nothing for null, and anything else (a number, true, an
   * object…) as the line has it. A slice of the line unless a string's escapes had to be decoded.
   */
  Text text() {
    Kind kind = kind();
    if (kind == Kind.STRING && valueEscaped) {
      byte[] decoded = unescape(valueFrom + 1, valueEnd - 1);
      return new Text(decoded, 0, decoded.length);
    }
    if (kind == Kind.STRING) {
      return new Text(b, valueFrom + 1, valueEnd - valueFrom - 2);
    }
    return new Text(b, valueFrom, kind == Kind.NULL ? 0 : valueEnd - valueFrom);
  }

  /** A reader of the member's value, which is an object. */
  JsonObjectReader nested() {
    return new JsonObjectReader(b, valueFrom, valueEnd - valueFrom);
  }

  private boolean fitsLong() {
    int digits = valueEnd - valueFrom - (b[valueFrom] == '-' ? 1 : 0);
    if (digits < 19) {
      return true;
    }
    if (digits > 19) {
      return false;
    }
    byte[] limit = b[valueFrom] == '-' ? LONG_MIN_DIGITS : LONG_MAX_DIGITS;
    return Arrays.compare(b, valueEnd - 19, valueEnd, limit, 0, 19) <= 0;
  }

  /** Passes over the value that starts at {@code i}, at nesting depth {@code depth}; returns where it ends. */
  private int value(int i, int depth) {
    if (i >= end) {
      throw NotJson.INSTANCE;
    }
    return switch (b[i]) {
      case '"' -> string(i);
      case '{' -> container(i, depth, (byte) '}');
      case '[' -> container(i, depth, (byte) ']');
      case 't' -> literal(i, TRUE);
      case 'f' -> literal(i, FALSE);
      case 'n' -> literal(i, NULL);
      default -> number(i);
    };
  }

  /**
   * Passes over the object or array that opens at {@code i}, at nesting depth {@code depth}, up to its
   * {@code close} ('}' or ']'); returns where it ends. An object's members are a key, a colon and a value; an
   * array's, a value.
   */
  private int container(int i, int depth, byte close) {
    if (depth > MAX_DEPTH) {
      throw NotJson.INSTANCE;
    }
    i = space(i + 1);
    if (i < end && b[i] == close) {
      return i + 1;
    }
    while (true) {
      if (close == '}') {
        i = colon(keyString(i));
      }
      i = space(value(i, depth + 1));
      if (i < end && b[i] == ',') {
        i = space(i + 1);
      } else if (i < end && b[i] == close) {
        return i + 1;
      } else {
        throw NotJson.INSTANCE;
      }
    }
  }

  /** Passes over a member's key, which must open at {@code i}; returns where it ends. */
  private int keyString(int i) {
    if (i >= end || b[i] != '"') {
      throw NotJson.INSTANCE;
    }
    return string(i);
  }

  /** Passes over the colon after a key that ends at {@code i}, and the white space around it. */
  private int colon(int i) {
    i = space(i);
    if (i >= end || b[i] != ':') {
      throw NotJson.INSTANCE;
    }
    return space(i + 1);
  }

  /** Passes over the string whose opening quote is at {@code i}; returns where it ends, after its closing quote. */
  private int string(int i) {
    boolean sawEscape = false;
    i++;
    while (true) {
      i = ByteScan.indexOfJsonEscape(b, i, end); // the next quote, backslash or control character
      if (i >= end) {
        throw NotJson.INSTANCE;
      }
      byte c = b[i];
      if (c == '"') {
        escaped = sawEscape;
        return i + 1;
      }
      if (c != '\\') {
        throw NotJson.INSTANCE; // a control character, which JSON allows only escaped
      }
      sawEscape = true;
      i = escape(i);
    }
  }

  /** Checks the escape whose backslash is at {@code i}; returns where it ends. */
  private int escape(int i) {
    if (i + 1 >= end) {
      throw NotJson.INSTANCE;
    }
    switch (b[i + 1]) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
        return i + 2;
      }
      case 'u' -> {
        if (i + 6 > end || hex(i + 2) < 0) {
          throw NotJson.INSTANCE;
        }
        return i + 6;
      }
      default -> throw NotJson.INSTANCE;
    }
  }

  private int literal(int i, byte[] word) {
    if (end - i < word.length || !Arrays.equals(b, i, i + word.length, word, 0, word.length)) {
      throw NotJson.INSTANCE;
    }
    return i + word.length;
  }

  /** Passes over the number that starts at {@code i}: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
  private int number(int i) {
    if (b[i] == '-') {
      i++;
    }
    if (i < end && b[i] == '0') {
      i++;
    } else {
      i = digits(i);
    }
    if (i < end && b[i] == '.') {
      i = digits(i + 1);
    }
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < end && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      i = digits(i);
    }
    return i;
  }

  /** Passes over one or more digits. */
  private int digits(int i) {
    int start = i;
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    if (i == start) {
      throw NotJson.INSTANCE;
    }
    return i;
  }

  private int space(int i) {
    while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
      i++;
    }
    return i;
  }

  /** The four hex digits at {@code i} as a number, or -1. */
  private int hex(int i) {
    int value = 0;
    for (int k = i; k < i + 4; k++) {
      int digit = Character.digit(b[k], 16);
      if (digit < 0) {
        return -1;
      }
      value = value << 4 | digit;
    }
    return value;
  }

  /**
   * The content of a checked string in {@code b[from, to)} with its escapes decoded, as UTF-8. A surrogate escape
   * without its pair becomes U+FFFD, as raylog writes any text it cannot encode. Never longer than the escaped text:
   * an escape of 6 bytes decodes to at most 3, a pair of 12 to 4.
   */
  private byte[] unescape(int from, int to) {
    byte[] out = new byte[to - from];
    int n = 0;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c != '\\') {
        out[n++] = c;
        continue;
      }
      byte e = b[++i];
      if (e != 'u') {
        out[n++] = switch (e) {
          case 'b' -> '\b';
          case 'f' -> '\f';
          case 'n' -> '\n';
          case 'r' -> '\r';
          case 't' -> '\t';
          default -> e; // " \ /
        };
        continue;
      }
      int code = hex(i + 1);
      i += 4;
      if (Character.isHighSurrogate((char) code) && i + 6 < to && b[i + 1] == '\\' && b[i + 2] == 'u'
          && Character.isLowSurrogate((char) hex(i + 3))) {
        code = Character.toCodePoint((char) code, (char) hex(i + 3));
        i += 6;
      } else if (Character.isSurrogate((char) code)) {
        code = 0xFFFD;
      }
      n = utf8(out, n, code);
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  private static int utf8(byte[] out, int n, int code) {
    if (code < 0x80) {
      out[n++] = (byte) code;
    } else if (code < 0x800) {
      out[n++] = (byte) (0xC0 | code >> 6);
      out[n++] = (byte) (0x80 | code & 0x3F);
    } else if (code < 0x10000) {
      out[n++] = (byte) (0xE0 | code >> 12);
      out[n++] = (byte) (0x80 | code >> 6 & 0x3F);
      out[n++] = (byte) (0x80 | code & 0x3F);
    } else {
      out[n++] = (byte) (0xF0 | code >> 18);
      out[n++] = (byte) (0x80 | code >> 12 & 0x3F);
      out[n++] = (byte) (0x80 | code >> 6 & 0x3F);
      out[n++] = (byte) (0x80 | code & 0x3F);
    }
    return n;
  }
}
