package io.raylog.parse;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * Lines that are one JSON object: Ray's structured logging ({@code LoggingConfig(encoding="JSON")}, §3.4), Serve's
 * JSON logs (§3.5), the C++ JSON variant ({@code RAY_BACKEND_LOG_JSON=1}, §3.1), and event files (§3.6). Keys named
 * like a {@link RayKey} go to {@code ray}, the time, level and message to their fields, everything else to
 * {@code attributes}. A line that is not a JSON object, or lacks the keys of its kind, is left to the caller.
 *
 * <p>One pass of Jackson's streaming parser, without a tree, and without decoding what only passes through: a value
 * that goes to {@code ray} or {@code attributes} is copied as the very bytes of the line, which the parser has
 * checked are JSON (a string the parser skipped unread is checked too: its escapes and its UTF-8). A tenth of a Ray
 * node's lines are JSON, so this is on the hot path.
 */
final class JsonLine {
  /**
   * A JSON object: braces around, and a key's quote (or nothing) after the opening one. The quote rules out a
   * printed Python dict ({@code {'epoch': 1}}), common in worker output, before the parser is asked, because a
   * parse that fails costs an exception.
   */
  static final LinePattern OBJECT = (b, from, length) -> {
    if (length < 2 || b[from] != '{' || b[from + length - 1] != '}') {
      return false;
    }
    int i = from + 1;
    while (i < from + length - 1 && (b[i] == ' ' || b[i] == '\t')) {
      i++;
    }
    return b[i] == '"' || b[i] == '}';
  };

  /** Parsers run on the parse thread only: buffers recycled per thread, not through a concurrent pool. */
  private static final JsonFactory FACTORY =
      JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build();

  private JsonLine() {}

  /** What one line's known keys held; the rest went to the fields as they came. */
  private static final class Known {
    String message;
    String exception;
    String asctime;
    String level;
    String file;
    String line;
    long timestampNanos = Long.MIN_VALUE;
    long process = Long.MIN_VALUE;
    String timestamp;
    String timeStamp;
    boolean hasEventData;
    /** A string value passed through unread: its key and where its opening quote is; its end is found later. */
    private String pendingKey;
    private RayKey pendingRayKey;
    private int pendingStart;

    /** Reads the next token; a string value left unread before it is copied now that its end is known. */
    JsonToken next(JsonParser p, ParsedLine out, byte[] b, int from) {
      JsonToken token = p.nextToken();
      if (pendingKey != null) {
        int i = tokenStart(p, from) - 1;
        while (b[i] != '"') {
          i--; // back over white space and the comma, to the closing quote
        }
        if (pendingRayKey != null) {
          out.fields.rawJson(pendingRayKey, b, pendingStart, i + 1 - pendingStart);
        } else {
          out.fields.attributeJson(pendingKey, b, pendingStart, i + 1 - pendingStart);
        }
        pendingKey = null;
      }
      return token;
    }

    /** Leaves the string value of {@code key} unread, to be copied by the next {@link #next}. */
    void passString(JsonParser p, String key, RayKey rayKey, int from) {
      pendingKey = key;
      pendingRayKey = rayKey;
      pendingStart = tokenStart(p, from);
    }
  }

  /** A structured log line: it has a {@code message}. */
  static boolean parseLog(byte[] b, int from, int length, ParsedLine out, LocalTimes times) {
    Known known = readObject(b, from, length, out, JsonLine::logKey, k -> k.message != null);
    if (known == null) {
      return false;
    }
    setMessage(out, known.exception == null || known.exception.isEmpty() ? known.message
        : known.message + "\n" + known.exception);
    if (known.timestampNanos != Long.MIN_VALUE) {
      out.timeMillis = known.timestampNanos / 1_000_000;
    } else if (known.asctime != null) {
      byte[] time = known.asctime.getBytes(StandardCharsets.US_ASCII);
      out.timeMillis = times.parse(time, 0, time.length);
    }
    if (known.level != null) {
      out.severity = Severity.ofName(known.level);
    }
    if (known.file != null) {
      out.fields.string(RayKey.SOURCE, known.line == null ? known.file : known.file + ":" + known.line);
    }
    if (known.process != Long.MIN_VALUE) {
      out.fields.number(RayKey.PID, known.process);
    }
    return true;
  }

  /**
   * An event line, in the C++ schema ({@code timestamp} in seconds, {@code pid} a string, {@code host_name}), the
   * Python one ({@code timestamp} a string, {@code source_pid}, {@code source_hostname}), Ray 1.x's
   * ({@code time_stamp} as local time) or an export event ({@code event_data}). {@code custom_fields} are spread
   * into {@code attributes}.
   */
  static boolean parseEvent(byte[] b, int from, int length, ParsedLine out, LocalTimes times) {
    Known known = readObject(b, from, length, out, JsonLine::eventKey, k -> k.message != null || k.hasEventData);
    if (known == null) {
      return false;
    }
    setMessage(out, known.message == null ? "" : known.message);
    if (known.timestamp != null) {
      try {
        out.timeMillis = Long.parseLong(known.timestamp) * 1000;
      } catch (NumberFormatException e) {
        // not seconds: leave the observed time
      }
    } else if (known.timeStamp != null) {
      byte[] time = known.timeStamp.getBytes(StandardCharsets.US_ASCII);
      out.timeMillis = times.parse(time, 0, time.length);
    }
    if (known.level != null) {
      out.severity = Severity.ofName(known.level);
    }
    return true;
  }

  /** Reads one key's value into {@code known} or the fields; the parser stands on the value's first token. */
  @FunctionalInterface
  private interface KeyReader {
    void read(JsonParser p, String key, JsonToken value, Known known, ParsedLine out, byte[] b, int from);
  }

  /**
   * One pass over the keys of the object the line is, each to {@code keys}; null, with the fields as they were, when
   * the line is not exactly one JSON object, or lacks what {@code complete} asks of its kind.
   */
  private static Known readObject(byte[] b, int from, int length, ParsedLine out, KeyReader keys,
      java.util.function.Predicate<Known> complete) {
    if (!OBJECT.matches(b, from, length)) {
      return null;
    }
    Known known = new Known();
    out.fields.mark();
    try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), b, from, length)) {
      p.nextToken();
      while (known.next(p, out, b, from) == JsonToken.PROPERTY_NAME) {
        String key = p.currentName();
        keys.read(p, key, p.nextToken(), known, out, b, from);
      }
      if (p.nextToken() == null && complete.test(known)) {
        return known;
      }
    } catch (JacksonException e) {
      // braces around something else: an ordinary line
    }
    out.fields.rollBack();
    return null;
  }

  private static void logKey(JsonParser p, String key, JsonToken value, Known known, ParsedLine out, byte[] b,
      int from) {
    switch (key) {
      case "message" -> known.message = text(p, value, b, from);
      case "exc_text" -> known.exception = text(p, value, b, from);
      case "asctime" -> known.asctime = text(p, value, b, from);
      case "levelname" -> known.level = text(p, value, b, from);
      case "filename" -> known.file = text(p, value, b, from);
      case "lineno" -> known.line = text(p, value, b, from);
      case "timestamp_ns" -> known.timestampNanos = integer(p, value, Long.MIN_VALUE);
      case "process" -> known.process = integer(p, value, Long.MIN_VALUE);
      default -> field(p, value, key, out, b, from, known);
    }
  }

  private static void eventKey(JsonParser p, String key, JsonToken value, Known known, ParsedLine out, byte[] b,
      int from) {
    switch (key) {
      case "message" -> known.message = text(p, value, b, from);
      case "timestamp" -> known.timestamp = value == JsonToken.VALUE_STRING
          || value == JsonToken.VALUE_NUMBER_INT ? p.getString() : skip(p, value);
      case "time_stamp" -> known.timeStamp = text(p, value, b, from);
      case "severity" -> known.level = value == JsonToken.VALUE_STRING ? p.getString() : skip(p, value);
      case "pid", "source_pid" -> pid(p, value, key, out, b, from, known);
      case "custom_fields" -> {
        if (value == JsonToken.START_OBJECT) {
          while (known.next(p, out, b, from) == JsonToken.PROPERTY_NAME) {
            String custom = p.currentName();
            attribute(p, p.nextToken(), custom, out, b, from, known);
          }
        } else {
          attribute(p, value, key, out, b, from, known);
        }
      }
      default -> {
        known.hasEventData |= key.equals("event_data");
        attribute(p, value, key, out, b, from, known);
      }
    }
  }

  private static void pid(JsonParser p, JsonToken value, String key, ParsedLine out, byte[] b, int from,
      Known known) {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      out.fields.number(RayKey.PID, p.getLongValue());
      return;
    }
    if (value == JsonToken.VALUE_STRING) {
      String text = p.getString();
      try {
        out.fields.number(RayKey.PID, Long.parseLong(text));
      } catch (NumberFormatException e) {
        out.fields.attribute(key, text);
      }
      return;
    }
    attribute(p, value, key, out, b, from, known);
  }

  /** A key that is not one of the format's own: to {@code ray} if Ray names it so, else to {@code attributes}. */
  private static void field(JsonParser p, JsonToken value, String key, ParsedLine out, byte[] b, int from,
      Known known) {
    RayKey rayKey = RayKey.byName(key);
    if (rayKey != null && value == JsonToken.VALUE_STRING) {
      known.passString(p, key, rayKey, from);
    } else if (rayKey != null && value == JsonToken.VALUE_NUMBER_INT
        && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      out.fields.number(rayKey, p.getLongValue());
    } else {
      attribute(p, value, key, out, b, from, known);
    }
  }

  private static void attribute(JsonParser p, JsonToken value, String key, ParsedLine out, byte[] b, int from,
      Known known) {
    if (value == JsonToken.VALUE_STRING) {
      known.passString(p, key, null, from);
      return;
    }
    // Anything else is copied as the line has it: the parser has read it, so it is JSON.
    int start = tokenStart(p, from);
    out.fields.attributeJson(key, b, start, valueEnd(p, value, from, start) - start);
  }

  /** The value's text: a string's content, a number's digits, an object's or array's JSON; null gives "". */
  private static String text(JsonParser p, JsonToken value, byte[] b, int from) {
    return switch (value) {
      case VALUE_NULL -> "";
      case START_OBJECT, START_ARRAY -> {
        int start = tokenStart(p, from);
        yield new String(b, start, valueEnd(p, value, from, start) - start, StandardCharsets.UTF_8);
      }
      default -> p.getString();
    };
  }

  /** Where the token the parser stands on starts in the line, which starts at {@code from}. */
  private static int tokenStart(JsonParser p, int from) {
    return from + (int) p.currentTokenLocation().getByteOffset();
  }

  /**
   * Where the value the parser stands on, starting at {@code start}, ends: after its closing bracket for an object
   * or an array (the parser skips to it), after its last byte for a number or a literal (ASCII, a byte a char).
   */
  private static int valueEnd(JsonParser p, JsonToken value, int from, int start) {
    if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
      p.skipChildren();
      return tokenStart(p, from) + 1;
    }
    return start + p.getStringLength();
  }

  private static long integer(JsonParser p, JsonToken value, long otherwise) {
    if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return p.getLongValue();
    }
    skip(p, value);
    return otherwise;
  }

  private static String skip(JsonParser p, JsonToken value) {
    if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
      p.skipChildren();
    }
    return null;
  }

  private static void setMessage(ParsedLine out, String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    out.message = bytes;
    out.messageFrom = 0;
    out.messageLength = bytes.length;
  }
}
