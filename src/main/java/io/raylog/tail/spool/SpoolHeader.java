package io.raylog.tail.spool;

import io.raylog.parse.WorkerContext;
import io.raylog.record.PodMetadata;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a spool file says about the file it copies: everything its records need to be made again after a restart
 * exactly as they would have been made from the original (the source's names and paths, the pod's metadata, the
 * worker context where the copy starts), and where in the original the copy starts. The pod is usually gone by the
 * time the copy is shipped, so its metadata travels with the bytes. Immutable.
 *
 * @param id unique within the spool directory, never reused (the copy's checkpoint is kept under it)
 * @param baseOffset the offset in the original file of the copy's first byte: the committed offset when copied
 * @param expectedBytes what the original held past {@code baseOffset} when the copy started; a torn copy is short
 * @param fileKey the original's identity on the host, {@code device:inode}
 * @param hostPath where the original was on the host; null when unknown
 * @param pod the original's pod; null when it had none
 * @param context the worker context (Ray's markers) at {@code baseOffset}
 */
public record SpoolHeader(long id, long createdMillis, long baseOffset, long expectedBytes, String fileKey,
    int fingerprintLength, long fingerprintCrc, String session, String relativePath, String containerPath,
    boolean containerLog, String hostPath, PodMetadata pod, WorkerContext context) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", id);
    root.put("created_ms", createdMillis);
    root.put("base_offset", baseOffset);
    root.put("expected_bytes", expectedBytes);
    root.put("file_key", fileKey);
    root.put("fingerprint_length", fingerprintLength);
    root.put("fingerprint_crc", fingerprintCrc);
    root.put("session", session);
    root.put("relative_path", relativePath);
    root.put("container_path", containerPath);
    root.put("container_log", containerLog);
    putIfKnown(root, "host_path", hostPath);
    if (pod != null) {
      ObjectNode p = root.putObject("pod");
      p.put("namespace", pod.namespace());
      p.put("pod", pod.pod());
      putIfKnown(p, "pod_uid", pod.podUid());
      putIfKnown(p, "node", pod.node());
      putIfKnown(p, "container", pod.container());
      pod.labels().forEach(p.putObject("labels")::put);
      pod.annotations().forEach(p.putObject("annotations")::put);
      putIfKnown(p, "cluster", pod.cluster());
      putIfKnown(p, "node_type", pod.nodeType());
      putIfKnown(p, "group", pod.group());
      putIfKnown(p, "owner_kind", pod.ownerKind());
      putIfKnown(p, "owner_name", pod.ownerName());
    }
    if (context != null && !context.isEmpty()) {
      ObjectNode worker = root.putObject("worker");
      putIfKnown(worker, "job_id", context.jobId());
      putIfKnown(worker, "actor_name", context.actorName());
      putIfKnown(worker, "task_name", context.taskName());
    }
    return JSON.writeValueAsBytes(root);
  }

  /** The header written by {@link #toJson}; throws {@link IllegalArgumentException} when it is not one. */
  static SpoolHeader fromJson(byte[] bytes) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("unreadable spool header: " + e.getOriginalMessage());
    }
    JsonNode p = root.get("pod");
    PodMetadata pod = p == null || !p.isObject() ? null : PodMetadata.of(required(p, "namespace"), required(p, "pod"),
        text(p, "pod_uid"), text(p, "node"), text(p, "container"), map(p.get("labels")), map(p.get("annotations")),
        text(p, "cluster"), text(p, "node_type"), text(p, "group"), text(p, "owner_kind"), text(p, "owner_name"));
    JsonNode w = root.get("worker");
    WorkerContext context = w == null || !w.isObject() ? WorkerContext.NONE
        : new WorkerContext(text(w, "job_id"), text(w, "actor_name"), text(w, "task_name"));
    return new SpoolHeader(number(root, "id"), number(root, "created_ms"), number(root, "base_offset"),
        number(root, "expected_bytes"), required(root, "file_key"), (int) number(root, "fingerprint_length"),
        number(root, "fingerprint_crc"), required(root, "session"), required(root, "relative_path"),
        required(root, "container_path"), root.path("container_log").asBoolean(false), text(root, "host_path"), pod,
        context);
  }

  private static void putIfKnown(ObjectNode node, String key, String value) {
    if (value != null) {
      node.put(key, value);
    }
  }

  private static long number(JsonNode node, String key) {
    JsonNode value = node.get(key);
    if (value == null || !value.isIntegralNumber()) {
      throw new IllegalArgumentException("spool header without " + key);
    }
    return value.asLong();
  }

  private static String required(JsonNode node, String key) {
    String value = text(node, key);
    if (value == null) {
      throw new IllegalArgumentException("spool header without " + key);
    }
    return value;
  }

  private static String text(JsonNode node, String key) {
    JsonNode value = node.get(key);
    return value != null && value.isString() ? value.asString() : null;
  }

  private static Map<String, String> map(JsonNode node) {
    Map<String, String> result = new TreeMap<>();
    if (node != null && node.isObject()) {
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        result.put(entry.getKey(), entry.getValue().asString());
      }
    }
    return result;
  }
}
