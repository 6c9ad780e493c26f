package io.raylog.parse;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lines that are one JSON object: Ray's structured logging ({@code LoggingConfig(encoding="JSON")}, §3.4), Serve's
 * JSON logs (§3.5), the C++ JSON variant ({@code RAY_BACKEND_LOG_JSON=1}, §3.1), and event files (§3.6). Keys named
 * like a {@link RayKey} go to {@code ray}, the time, level and message to their fields, everything else to
 * {@code attributes}. A line that is not a JSON object, or lacks the keys of its kind, is left to the caller.
 */
final class JsonLine {
  static final LinePattern OBJECT = (b, from, length) -> length > 1 && b[from] == '{' && b[from + length - 1] == '}';

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private JsonLine() {}

  /** A structured log line: it has a {@code message}. */
  static boolean parseLog(byte[] b, int from, int length, ParsedLine out, LocalTimes times) {
    JsonNode root = readObject(b, from, length);
    if (root == null || !root.has("message")) {
      return false;
    }
    String message = text(root.get("message"));
    JsonNode exception = root.get("exc_text");
    if (exception != null && exception.isString() && !exception.stringValue().isEmpty()) {
      message = message + "\n" + exception.stringValue();
    }
    setMessage(out, message);
    JsonNode nanos = root.get("timestamp_ns");
    JsonNode asctime = root.get("asctime");
    if (nanos != null && nanos.isIntegralNumber()) {
      out.timeMillis = nanos.longValue() / 1_000_000;
    } else if (asctime != null && asctime.isString()) {
      byte[] time = asctime.stringValue().getBytes(StandardCharsets.US_ASCII);
      out.timeMillis = times.parse(time, 0, time.length);
    }
    JsonNode level = root.get("levelname");
    if (level != null && level.isString()) {
      out.severity = Severity.ofName(level.stringValue());
    }
    JsonNode file = root.get("filename");
    JsonNode line = root.get("lineno");
    if (file != null && file.isString()) {
      out.fields.string(RayKey.SOURCE, line == null ? file.stringValue() : file.stringValue() + ":" + text(line));
    }
    JsonNode process = root.get("process");
    if (process != null && process.isIntegralNumber()) {
      out.fields.number(RayKey.PID, process.longValue());
    }
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      switch (entry.getKey()) {
        case "message", "exc_text", "timestamp_ns", "asctime", "levelname", "filename", "lineno", "process" -> { }
        default -> field(out, entry.getKey(), entry.getValue());
      }
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
    JsonNode root = readObject(b, from, length);
    if (root == null || !(root.has("message") || root.has("event_data"))) {
      return false;
    }
    if (root.has("message")) {
      setMessage(out, text(root.get("message")));
    } else {
      setMessage(out, "");
    }
    JsonNode timestamp = root.get("timestamp");
    if (timestamp != null && (timestamp.isIntegralNumber() || timestamp.isString())) {
      try {
        out.timeMillis = Long.parseLong(text(timestamp)) * 1000;
      } catch (NumberFormatException e) {
        // not seconds: leave the observed time
      }
    } else if (root.get("time_stamp") != null) {
      byte[] time = text(root.get("time_stamp")).getBytes(StandardCharsets.US_ASCII);
      out.timeMillis = times.parse(time, 0, time.length);
    }
    JsonNode severity = root.get("severity");
    if (severity != null && severity.isString()) {
      out.severity = Severity.ofName(severity.stringValue());
    }
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      JsonNode value = entry.getValue();
      switch (entry.getKey()) {
        case "message", "timestamp", "time_stamp", "severity" -> { }
        case "pid", "source_pid" -> {
          try {
            out.fields.number(RayKey.PID, Long.parseLong(text(value)));
          } catch (NumberFormatException e) {
            out.fields.attribute(entry.getKey(), text(value));
          }
        }
        case "custom_fields" -> {
          if (value.isObject()) {
            for (Map.Entry<String, JsonNode> custom : value.properties()) {
              attribute(out, custom.getKey(), custom.getValue());
            }
          } else {
            attribute(out, entry.getKey(), value);
          }
        }
        default -> attribute(out, entry.getKey(), value);
      }
    }
    return true;
  }

  private static void field(ParsedLine out, String key, JsonNode value) {
    RayKey rayKey = RayKey.byName(key);
    if (rayKey != null && value.isString()) {
      out.fields.string(rayKey, value.stringValue());
    } else if (rayKey != null && value.isIntegralNumber()) {
      out.fields.number(rayKey, value.longValue());
    } else {
      attribute(out, key, value);
    }
  }

  private static void attribute(ParsedLine out, String key, JsonNode value) {
    if (value.isString()) {
      out.fields.attribute(key, value.stringValue());
    } else {
      out.fields.attributeJson(key, MAPPER.writeValueAsBytes(value));
    }
  }

  private static void setMessage(ParsedLine out, String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    out.message = bytes;
    out.messageFrom = 0;
    out.messageLength = bytes.length;
  }

  private static String text(JsonNode node) {
    return node.isString() ? node.stringValue() : node.isNull() ? "" : node.toString();
  }

  private static JsonNode readObject(byte[] b, int from, int length) {
    if (!OBJECT.matches(b, from, length)) {
      return null;
    }
    try {
      JsonNode root = MAPPER.readTree(b, from, length);
      return root != null && root.isObject() ? root : null;
    } catch (JacksonException e) {
      return null; // braces around something else: an ordinary line
    }
  }
}
