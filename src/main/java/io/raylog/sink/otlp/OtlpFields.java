package io.raylog.sink.otlp;

import io.raylog.record.LogRecord;
import io.raylog.record.ParsedFieldReader;
import io.raylog.record.RecordFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a record maps onto OpenTelemetry's log data model: resource attributes by the semantic conventions (what
 * identifies the producer: pod, node, service), and the record's own attributes. Pure.
 */
final class OtlpFields {
  private OtlpFields() {}

  /** An attribute: a string, or a whole number when {@code number} is true. */
  record Attribute(String key, String text, long number, boolean isNumber) {
    static Attribute text(String key, String value) {
      return new Attribute(key, value, 0, false);
    }

    static Attribute number(String key, long value) {
      return new Attribute(key, null, value, true);
    }
  }

  /** The resource of a record: the same list for every record of one pod and container. */
  static List<Attribute> resource(LogRecord record, String serviceName) {
    List<Attribute> attributes = new ArrayList<>(8);
    add(attributes, "service.name", serviceName);
    add(attributes, "k8s.namespace.name", RecordFields.namespace(record));
    add(attributes, "k8s.pod.name", RecordFields.pod(record));
    add(attributes, "k8s.pod.uid", RecordFields.podUid(record));
    add(attributes, "k8s.node.name", RecordFields.node(record));
    add(attributes, "k8s.container.name", RecordFields.container(record));
    add(attributes, "ray.cluster", RecordFields.rayCluster(record));
    add(attributes, "ray.node_type", RecordFields.nodeType(record));
    return attributes;
  }

  /** The record's own attributes. */
  static List<Attribute> attributes(LogRecord record) {
    List<Attribute> attributes = new ArrayList<>(8);
    add(attributes, "ray.component", RecordFields.component(record));
    add(attributes, "ray.session", RecordFields.session(record));
    add(attributes, "ray.file", RecordFields.file(record));
    String path = RecordFields.path(record);
    add(attributes, "log.file.path", path);
    if (path != null) {
      add(attributes, "log.file.name", path.substring(path.lastIndexOf('/') + 1));
    }
    attributes.add(Attribute.number("log.offset", record.offset));
    // Issue 19: the semantic conventions' unique id of a log record; a backend that honours it drops a re-send.
    add(attributes, "log.record.uid", record.id());
    if (record.split) {
      add(attributes, "log.split", "true");
    }
    for (Map.Entry<String, String> label : RecordFields.labels(record).entrySet()) {
      add(attributes, "k8s.pod.label." + label.getKey(), label.getValue());
    }
    return attributes;
  }

  /**
   * What parsing found in the record's line: its {@code ray} fields as {@code ray.<key>} (pid, tid, source, the
   * worker context…) and its {@code attributes} under their own keys. Whole numbers stay numbers; other values that
   * are not strings (fractions, booleans, objects) are given as their JSON text.
   */
  static List<Attribute> parsedAttributes(LogRecord record) {
    List<Attribute> attributes = new ArrayList<>(8);
    ParsedFieldReader.forEach(record, (rayField, key, kind, value, number) -> {
      String name = rayField ? "ray." + key : key;
      attributes.add(kind == ParsedFieldReader.Kind.WHOLE_NUMBER ? Attribute.number(name, number)
          : Attribute.text(name, value));
    });
    return attributes;
  }

  /** OpenTelemetry's severity number of a severity name: the first of its range (INFO → 9); 0 when unknown. */
  static int severityNumber(String severity) {
    if (severity == null) {
      return 0;
    }
    switch (severity) {
      case "TRACE":
        return 1;
      case "DEBUG":
        return 5;
      case "INFO":
        return 9;
      case "WARN":
        return 13;
      case "ERROR":
        return 17;
      case "FATAL":
        return 21;
      default:
        return 0;
    }
  }

  private static void add(List<Attribute> attributes, String key, String value) {
    if (value != null && !value.isEmpty()) {
      attributes.add(Attribute.text(key, value));
    }
  }
}
