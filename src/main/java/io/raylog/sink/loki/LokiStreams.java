package io.raylog.sink.loki;

import io.raylog.record.LogRecord;
import io.raylog.record.RecordFields;
import io.raylog.record.SourceFile;
import io.raylog.sink.Outbound;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Groups records into Loki streams by their label values, each stream's entries in time order (ties keep file order).
 * Labels are worked out once per source file of a batch (they are the same for all its records), or per record when
 * {@code severity} is a label. Not thread-safe: one per sink.
 */
final class LokiStreams {
  /** Loki refuses a stream without labels; this one stands in when none of the configured fields is known. */
  static final String FALLBACK_LABELS = "{source=\"raylog\"}";

  private final List<String> labelNames;
  private final List<Function<LogRecord, String>> labelReaders = new ArrayList<>();
  private final boolean perRecord;

  LokiStreams(List<String> labelNames) {
    this.labelNames = List.copyOf(labelNames);
    for (String name : labelNames) {
      labelReaders.add(LokiFields.reader(name));
    }
    this.perRecord = labelNames.contains("severity");
  }

  /** One stream: its labels, in Prometheus form ({@code {a="x", b="y"}}) and as a map, and its records' positions. */
  static final class Stream {
    final String labels;
    final Map<String, String> labelMap;
    private int[] positions = new int[16];
    private int size;

    Stream(String labels, Map<String, String> labelMap) {
      this.labels = labels;
      this.labelMap = labelMap;
    }

    int size() {
      return size;
    }

    /** The position (in the {@link Outbound}) of the stream's {@code index}-th entry, in time order. */
    int position(int index) {
      return positions[index];
    }

    private void add(int position) {
      if (size == positions.length) {
        positions = Arrays.copyOf(positions, size * 2);
      }
      positions[size++] = position;
    }

    private void sortByTime(Outbound records) {
      long last = Long.MIN_VALUE;
      boolean sorted = true;
      for (int i = 0; i < size && sorted; i++) {
        long time = RecordFields.timeMillis(records.get(positions[i]));
        sorted = time >= last;
        last = time;
      }
      if (!sorted) {
        Integer[] boxed = new Integer[size];
        for (int i = 0; i < size; i++) {
          boxed[i] = positions[i];
        }
        // Stable: records of one file keep their order when their times are equal.
        Arrays.sort(boxed, (a, b) -> Long.compare(RecordFields.timeMillis(records.get(a)), RecordFields.timeMillis(records.get(b))));
        for (int i = 0; i < size; i++) {
          positions[i] = boxed[i];
        }
      }
    }
  }

  List<Stream> group(Outbound records) {
    Map<String, Stream> streams = new LinkedHashMap<>();
    IdentityHashMap<SourceFile, Stream> byFile = new IdentityHashMap<>();
    for (int i = 0, n = records.size(); i < n; i++) {
      LogRecord record = records.get(i);
      Stream stream = perRecord ? null : byFile.get(record.source);
      if (stream == null) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int l = 0; l < labelNames.size(); l++) {
          String value = labelReaders.get(l).apply(record);
          if (value != null && !value.isEmpty()) {
            labels.put(labelNames.get(l), value);
          }
        }
        String text = labels.isEmpty() ? FALLBACK_LABELS : format(labels);
        Map<String, String> labelMap = labels.isEmpty() ? Map.of("source", "raylog") : labels;
        stream = streams.computeIfAbsent(text, t -> new Stream(t, labelMap));
        if (!perRecord) {
          byFile.put(record.source, stream);
        }
      }
      stream.add(i);
    }
    List<Stream> result = new ArrayList<>(streams.values());
    for (Stream stream : result) {
      stream.sortByTime(records);
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
