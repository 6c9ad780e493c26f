package io.raylog.sink.loki;

import io.raylog.record.LogRecord;
import io.raylog.record.RecordFields;
import java.util.Map;
import java.util.function.Function;

/** The record fields Loki can take as stream labels or structured metadata, by the name they get there. */
final class LokiFields {
  static final Map<String, Function<LogRecord, String>> BY_NAME = Map.ofEntries(
      Map.entry("namespace", RecordFields::namespace),
      Map.entry("ray_cluster", RecordFields::rayCluster),
      Map.entry("node_type", RecordFields::nodeType),
      Map.entry("component", RecordFields::component),
      Map.entry("node", RecordFields::node),
      Map.entry("pod", RecordFields::pod),
      Map.entry("pod_uid", RecordFields::podUid),
      Map.entry("container", RecordFields::container),
      Map.entry("session", RecordFields::session),
      Map.entry("severity", RecordFields::severity),
      Map.entry("file", RecordFields::file));

  private LokiFields() {}

  static Function<LogRecord, String> reader(String name) {
    Function<LogRecord, String> reader = BY_NAME.get(name);
    if (reader == null) {
      throw new IllegalArgumentException("not a Loki field: " + name);
    }
    return reader;
  }
}
