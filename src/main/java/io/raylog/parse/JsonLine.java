package io.raylog.parse;

import io.raylog.parse.JsonObjectReader.Kind;
import io.raylog.parse.JsonObjectReader.Text;
import io.raylog.record.KeyTable;
import io.raylog.record.RayKey;
import io.raylog.record.Severity;
import java.util.Map;

/**
 * Lines that are one JSON object: Ray's structured logging ({@code LoggingConfig(encoding="JSON")}, §3.4), Serve's
 * JSON logs (§3.5), the C++ JSON variant ({@code RAY_BACKEND_LOG_JSON=1}, §3.1), and event files (§3.6). Keys named
 * like a {@link RayKey} go to {@code ray}, the time, level and message to their fields, everything else to
 * {@code attributes}. A line that is not a JSON object, or lacks the keys of its kind, is left to the caller.
 *
 * <p>One pass of a {@link JsonObjectReader} over the line, without decoding what only passes through: a value that
 * goes to {@code ray} or {@code attributes} is copied as the very bytes of the line, which the reader has checked
 * are JSON; only the values of the keys below are decoded. A tenth of a Ray node's lines are JSON, so this is on the
 * hot path.
 */
final class JsonLine {
  /**
   * A JSON object: braces around, and a key's quote (or nothing) after the opening one. The quote rules out a
   * printed Python dict ({@code {'epoch': 1}}), common in worker output, before the reader is asked.
   */
  static final LinePattern OBJECT = LinePattern.startingWith(FirstBytes.of('{'), (b, from, length) -> {
    if (length < 2 || b[from] != '{' || b[from + length - 1] != '}') {
      return false;
    }
    int i = from + 1;
    while (i < from + length - 1 && (b[i] == ' ' || b[i] == '\t')) {
      i++;
    }
    return b[i] == '"' || b[i] == '}';
  });

  /** The keys a JSON line's own format gives a meaning; every other key goes to {@code ray} or {@code attributes}. */
  private enum Key {
    MESSAGE, EXC_TEXT, ASCTIME, LEVELNAME, FILENAME, LINENO, TIMESTAMP_NS, PROCESS,
    TIMESTAMP, TIME_STAMP, SEVERITY, PID, CUSTOM_FIELDS, EVENT_DATA
  }

  /** Ray's structured logging (its JSON formatter's fields) and Serve's JSON logs. */
  private static final KeyTable<Key> LOG_KEYS = new KeyTable<>(Map.of("message", Key.MESSAGE,
      "exc_text", Key.EXC_TEXT, "asctime", Key.ASCTIME, "levelname", Key.LEVELNAME, "filename", Key.FILENAME,
      "lineno", Key.LINENO, "timestamp_ns", Key.TIMESTAMP_NS, "process", Key.PROCESS));
  /** The event schemas: C++, Python, Ray 1.x and export events. */
  private static final KeyTable<Key> EVENT_KEYS = new KeyTable<>(Map.of("message", Key.MESSAGE,
      "timestamp", Key.TIMESTAMP, "time_stamp", Key.TIME_STAMP, "severity", Key.SEVERITY, "pid", Key.PID,
      "source_pid", Key.PID, "custom_fields", Key.CUSTOM_FIELDS, "event_data", Key.EVENT_DATA));

  private static final Text NO_MESSAGE = new Text(new byte[0], 0, 0);

  private JsonLine() {}

  /** What one line's known keys held; the rest went to the fields as they came. */
  private static final class Known {
    Text message;
    Text exception;
    Text time;
    Severity severity;
    Text file;
    Text line;
    long timestampNanos = Long.MIN_VALUE;
    long process = Long.MIN_VALUE;
    long timestampSeconds = Long.MIN_VALUE;
    boolean hasEventData;
  }

  /** A structured log line: it has a {@code message}. */
  static boolean parseLog(byte[] b, int from, int length, ParsedLine out, LocalTimes times) {
    Known known = read(b, from, length, out, false);
    if (known == null || known.message == null) {
      out.fields.rollBack();
      return false;
    }
    if (known.exception == null || known.exception.length() == 0) {
      message(known.message, out);
    } else {
      message(joined(known.message, '\n', known.exception), out);
    }
    if (known.severity != null) {
      out.severity = known.severity;
    }
    if (known.timestampNanos != Long.MIN_VALUE) {
      out.timeMillis = known.timestampNanos / 1_000_000;
    } else if (known.time != null) {
      out.timeMillis = times.parse(known.time.bytes(), known.time.from(), known.time.length());
    }
    if (known.file != null) {
      Text source = known.line == null ? known.file : joined(known.file, ':', known.line);
      out.fields.string(RayKey.SOURCE, source.bytes(), source.from(), source.length());
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
    Known known = read(b, from, length, out, true);
    if (known == null || (known.message == null && !known.hasEventData)) {
      out.fields.rollBack();
      return false;
    }
    message(known.message == null ? NO_MESSAGE : known.message, out);
    if (known.severity != null) {
      out.severity = known.severity;
    }
    if (known.timestampSeconds != Long.MIN_VALUE) {
      out.timeMillis = known.timestampSeconds * 1000;
    } else if (known.time != null) {
      out.timeMillis = times.parse(known.time.bytes(), known.time.from(), known.time.length());
    }
    return true;
  }

  /**
   * One pass over the members of the object the line is: the format's own keys into {@code known}, the others to
   * the fields. Null when the line is not exactly one JSON object, with the fields as they were.
   */
  private static Known read(byte[] b, int from, int length, ParsedLine out, boolean event) {
    out.fields.mark();
    if (!OBJECT.matches(b, from, length)) {
      return null;
    }
    Known known = new Known();
    try {
      JsonObjectReader json = new JsonObjectReader(b, from, length);
      while (json.next()) {
        if (event) {
          eventMember(json, known, out);
        } else {
          logMember(json, known, out);
        }
      }
      if (json.atEnd()) {
        return known;
      }
    } catch (JsonObjectReader.NotJson e) {
      // braces around something else: an ordinary line
    }
    return null;
  }

  private static void logMember(JsonObjectReader json, Known known, ParsedLine out) {
    Key key = json.key(LOG_KEYS);
    if (key == null) {
      field(json, out);
      return;
    }
    switch (key) {
      case MESSAGE -> known.message = json.text();
      case EXC_TEXT -> known.exception = json.text();
      case ASCTIME -> known.time = json.text();
      case LEVELNAME -> known.severity = severity(json);
      case FILENAME -> known.file = json.text();
      case LINENO -> known.line = json.text();
      case TIMESTAMP_NS -> known.timestampNanos = json.isLong() ? json.longValue() : Long.MIN_VALUE;
      case PROCESS -> known.process = json.isLong() ? json.longValue() : Long.MIN_VALUE;
      default -> field(json, out); // not a log line's key
    }
  }

  private static void eventMember(JsonObjectReader json, Known known, ParsedLine out) {
    Key key = json.key(EVENT_KEYS);
    if (key == null) {
      attribute(json, out);
      return;
    }
    switch (key) {
      case MESSAGE -> known.message = json.text();
      case TIMESTAMP -> known.timestampSeconds = seconds(json);
      case TIME_STAMP -> known.time = json.text();
      case SEVERITY -> known.severity = json.kind() == Kind.STRING ? severity(json) : null;
      case PID -> pid(json, out);
      case CUSTOM_FIELDS -> {
        if (json.kind() == Kind.OBJECT) {
          JsonObjectReader custom = json.nested();
          while (custom.next()) {
            customField(custom, out);
          }
        } else {
          attribute(json, out);
        }
      }
      case EVENT_DATA -> {
        known.hasEventData = true;
        attribute(json, out);
      }
      default -> attribute(json, out); // not an event's key
    }
  }

  private static Severity severity(JsonObjectReader json) {
    Text level = json.text();
    return Severity.ofName(level.bytes(), level.from(), level.length());
  }

  private static void message(Text message, ParsedLine out) {
    out.message = message.bytes();
    out.messageFrom = message.from();
    out.messageLength = message.length();
  }

  /** {@code first}, {@code separator} and {@code second} in one new text. */
  private static Text joined(Text first, char separator, Text second) {
    byte[] joined = new byte[first.length() + 1 + second.length()];
    System.arraycopy(first.bytes(), first.from(), joined, 0, first.length());
    joined[first.length()] = (byte) separator;
    System.arraycopy(second.bytes(), second.from(), joined, first.length() + 1, second.length());
    return new Text(joined, 0, joined.length);
  }

  /** An event's {@code timestamp}: whole seconds, as a number or a string of digits; else none. */
  private static long seconds(JsonObjectReader json) {
    if (json.isLong()) {
      return json.longValue();
    }
    if (json.kind() == Kind.STRING) {
      try {
        return Long.parseLong(json.text().toString());
      } catch (NumberFormatException e) {
        // not seconds: the observed time stays
      }
    }
    return Long.MIN_VALUE;
  }

  /** An event's pid, a number or a string of one; anything else is an attribute. */
  private static void pid(JsonObjectReader json, ParsedLine out) {
    if (json.isLong()) {
      out.fields.number(RayKey.PID, json.longValue());
      return;
    }
    if (json.kind() == Kind.STRING) {
      try {
        out.fields.number(RayKey.PID, Long.parseLong(json.text().toString()));
        return;
      } catch (NumberFormatException e) {
        // a name, not a number
      }
    }
    attribute(json, out);
  }

  /** The Ray ids an event's {@code custom_fields} may carry, which go to {@code ray} as every format's do. */
  private static final java.util.Set<RayKey> EVENT_IDS = java.util.EnumSet.of(RayKey.JOB_ID, RayKey.SUBMISSION_ID,
      RayKey.NODE_ID, RayKey.ACTOR_ID, RayKey.TASK_ID, RayKey.WORKER_ID);

  /** A member of an event's {@code custom_fields}: a Ray id (a string) to {@code ray}, the rest to attributes. */
  private static void customField(JsonObjectReader json, ParsedLine out) {
    RayKey rayKey = json.key(RayKey.TABLE);
    if (rayKey != null && EVENT_IDS.contains(rayKey) && json.kind() == Kind.STRING && json.valueLength() > 2) {
      out.fields.rawJson(rayKey, json.bytes(), json.valueFrom(), json.valueLength());
    } else {
      attribute(json, out);
    }
  }

  /**
   * A key that is not one of the format's own: to {@code ray} if Ray names it so, else to {@code attributes}. An
   * empty string for a {@code ray} key (Ray writes {@code "actor_name": ""} for an unnamed actor) says nothing, and
   * leaves the key to what else knows it (a worker marker).
   */
  private static void field(JsonObjectReader json, ParsedLine out) {
    RayKey rayKey = json.key(RayKey.TABLE);
    if (rayKey != null && json.kind() == Kind.STRING) {
      if (json.valueLength() > 2) { // more than the two quotes
        out.fields.rawJson(rayKey, json.bytes(), json.valueFrom(), json.valueLength());
      }
    } else if (rayKey != null && json.isLong()) {
      out.fields.number(rayKey, json.longValue());
    } else {
      attribute(json, out);
    }
  }

  /** The member as an attribute, key and value as the line has them: the reader has checked they are JSON. */
  private static void attribute(JsonObjectReader json, ParsedLine out) {
    out.fields.attributeJson(json.bytes(), json.keyFrom(), json.keyLength(), json.valueFrom(), json.valueLength());
  }
}
