package io.raylog.sink.loki;

import io.raylog.pipeline.LogRecord;
import io.raylog.sink.RecordFields;
import io.raylog.sink.delivery.Outbound;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Groups records into Loki streams by their label values, each stream's entries in time order (ties keep file order).
 * Pure; not thread-safe (one per sink).
 */
final class LokiStreams {
  /** Loki refuses a stream without labels; this one stands in when none of the configured fields is known. */
  static final String FALLBACK_LABELS = "{source=\"raylog\"}";

  private final List<String> labelNames;
  private final List<Function<LogRecord, String>> labelReaders = new ArrayList<>();

  LokiStreams(List<String> labelNames) {
    this.labelNames = List.copyOf(labelNames);
    for (String name : labelNames) {
      labelReaders.add(LokiFields.reader(name));
    }
  }

  /** One stream: its labels in Prometheus form ({@code {a="x", b="y"}}) and its records' positions in time order. */
  record Stream(String labels, Map<String, String> labelMap, List<Integer> positions) {}

  List<Stream> group(Outbound records) {
    Map<String, Stream> streams = new LinkedHashMap<>();
    StringBuilder key = new StringBuilder();
    for (int i = 0, n = records.size(); i < n; i++) {
      LogRecord record = records.get(i);
      key.setLength(0);
      Map<String, String> labels = new LinkedHashMap<>();
      for (int l = 0; l < labelNames.size(); l++) {
        String value = labelReaders.get(l).apply(record);
        if (value != null && !value.isEmpty()) {
          labels.put(labelNames.get(l), value);
        }
      }
      String text = labels.isEmpty() ? FALLBACK_LABELS : format(labels);
      Map<String, String> labelMap = labels.isEmpty() ? Map.of("source", "raylog") : labels;
      streams.computeIfAbsent(text, t -> new Stream(t, labelMap, new ArrayList<>())).positions().add(i);
    }
    List<Stream> result = new ArrayList<>(streams.values());
    for (Stream stream : result) {
      // Stable: records of one file keep their order when their times are equal.
      stream.positions().sort(Comparator.comparingLong(p -> RecordFields.timeMillis(records.get(p))));
    }
    return result;
  }

  static String format(Map<String, String> labels) {
    StringBuilder out = new StringBuilder("{");
    labels.forEach((name, value) -> {
      if (out.length() > 1) {
        out.append(", ");
      }
      out.append(name).append("=\"");
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '\\' -> out.append("\\\\");
          case '"' -> out.append("\\\"");
          case '\n' -> out.append("\\n");
          default -> out.append(c);
        }
      }
      out.append('"');
    });
    return out.append('}').toString();
  }
}
