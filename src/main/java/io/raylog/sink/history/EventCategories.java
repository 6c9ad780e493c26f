package io.raylog.sink.history;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Where an exported Ray event is filed, as the sidecar's event collector files it
 * ({@code historyserver/pkg/collector/eventcollector/eventcollector.go}, {@code categorize}): node events under
 * {@code node_events}, events whose payload names a job under {@code job_events/<job id in hex>}, everything else
 * under {@code node_events}. Pure.
 */
final class EventCategories {
  static final String NODE_EVENTS = "node_events";
  static final String JOB_EVENTS = "job_events";

  private static final List<String> NODE_EVENT_TYPES = List.of("NODE_LIFECYCLE_EVENT", "NODE_DEFINITION_EVENT");
  private static final List<String> WITH_JOB_ID = List.of("driverJobDefinitionEvent", "driverJobLifecycleEvent",
      "taskDefinitionEvent", "taskLifecycleEvent", "taskProfileEvents", "actorTaskDefinitionEvent",
      "actorDefinitionEvent");
  private static final Pattern HEX = Pattern.compile("^[0-9a-fA-F]+$");
  private static final Pattern SAFE = Pattern.compile("^[A-Za-z0-9._-]+$");

  private EventCategories() {}

  /** {@code node_events} or {@code job_events/<job id>}. */
  static String of(JsonNode event) {
    JsonNode type = event.get("eventType");
    if (type != null && type.isString() && NODE_EVENT_TYPES.contains(type.asString())) {
      return NODE_EVENTS;
    }
    for (String field : WITH_JOB_ID) {
      JsonNode nested = event.get(field);
      if (nested != null && nested.isObject()) {
        JsonNode job = nested.get("jobId");
        if (job != null && !job.isNull() && !job.asString().isEmpty()) {
          String id = hex(job.asString());
          return safePathComponent(id) ? JOB_EVENTS + "/" + id : NODE_EVENTS;
        }
      }
    }
    return NODE_EVENTS;
  }

  /** {@code utils.ConvertBase64ToHex}: hex as it is (lowercased), base64 (URL-safe raw, then standard) decoded. */
  static String hex(String id) {
    if (HEX.matcher(id).matches()) {
      return id.toLowerCase(Locale.ROOT);
    }
    try {
      return HexFormat.of().formatHex(Base64.getUrlDecoder().decode(id.replace("=", "")));
    } catch (IllegalArgumentException notUrl) {
      try {
        return HexFormat.of().formatHex(Base64.getDecoder().decode(id));
      } catch (IllegalArgumentException notBase64) {
        return id;
      }
    }
  }

  /** {@code isSafePathComponent}: one path segment, never {@code .} or {@code ..}. */
  static boolean safePathComponent(String s) {
    return !s.equals(".") && !s.equals("..") && SAFE.matcher(s).matches();
  }
}
