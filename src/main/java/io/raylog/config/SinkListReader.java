package io.raylog.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads the {@code sinks} list: each entry against the options of its own type, then the rules that span
 * entries (unique names, no two file sinks on one file). Pure; thread-safe.
 */
final class SinkListReader {

  private SinkListReader() {}

  /** The sinks that could be read; the problems say what is wrong with the others. */
  static List<SinkConfig> read(SinkList schema, SectionValues parent, Problems problems) {
    KeyPath path = parent.path().child(schema.key());
    if (!parent.usable()) {
      return List.of();
    }
    JsonNode list = parent.node(schema.key());
    if (list == null) {
      problems.add(path, "required");
      return List.of();
    }
    if (!list.isArray()) {
      problems.add(path, "expected a list of sinks, got " + NodeText.describe(list));
      return List.of();
    }
    if (list.isEmpty()) {
      problems.add(path, "must list at least one sink");
      return List.of();
    }
    List<SinkConfig> sinks = new ArrayList<>();
    Map<String, KeyPath> nameOwners = new HashMap<>();
    Map<Path, KeyPath> fileOwners = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      KeyPath itemPath = path.item(i);
      JsonNode item = list.get(i);
      if (!item.isObject()) {
        problems.add(itemPath, "expected a map with at least name and type, got " + NodeText.describe(item));
        continue;
      }
      SinkType type = typeOf(schema, item);
      List<SchemaEntry> entries = new ArrayList<>(schema.commonOptions());
      if (type != null) {
        entries.addAll(type.options());
      }
      // Without a known type, which keys belong is unknown, so they are not judged; the type is reported instead.
      SectionValues values = SectionValues.read(item, itemPath, entries, type != null, problems);
      if (values.valid(SinkSchema.NAME)) {
        String name = values.get(SinkSchema.NAME);
        if (nameOwners.putIfAbsent(name, itemPath) != null) {
          problems.add(itemPath.child(SinkSchema.NAME.key()), "duplicate sink name " + NodeText.quote(name));
        }
      }
      if (type == null) {
        continue;
      }
      SinkConfig sink = type.bind().apply(values);
      // Two sinks appending to one file would interleave and roll each other's output.
      if (sink instanceof SinkConfig.File file && values.valid(SinkSchema.FILE_PATH)) {
        KeyPath owner = fileOwners.putIfAbsent(file.path(), itemPath);
        if (owner != null) {
          problems.add(itemPath.child(SinkSchema.FILE_PATH.key()), owner + " already writes " + file.path());
        }
      }
      if (sink instanceof SinkConfig.Networked networked) {
        NetworkSinkChecks.check(networked, values, problems);
        if (sink instanceof KafkaSinkConfig kafka) {
          KafkaSinkSchema.check(kafka, values, problems);
        } else if (sink instanceof S3SinkConfig s3) {
          S3SinkSchema.check(s3, values, problems);
        } else if (sink instanceof HistorySinkConfig) {
          HistorySinkSchema.check(values, problems);
        }
        Path deadLetters = networked.delivery().deadLetterPath().orElse(null);
        if (deadLetters != null && values.valid(NetworkSinkSchema.DEAD_LETTER_PATH)) {
          KeyPath owner = fileOwners.putIfAbsent(deadLetters, itemPath);
          if (owner != null) {
            problems.add(itemPath.child(NetworkSinkSchema.DEAD_LETTER_PATH.key()), owner + " already writes " + deadLetters);
          }
        }
      }
      sinks.add(sink);
    }
    return List.copyOf(sinks);
  }

  /** The entry's type if it names a known one; a missing or unknown type is reported when the entry is read. */
  private static SinkType typeOf(SinkList schema, JsonNode item) {
    JsonNode type = item.get(schema.type().key());
    return type == null ? null : schema.type().type().read(type, KeyPath.ROOT, new Problems());
  }
}
