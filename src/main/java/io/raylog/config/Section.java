package io.raylog.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A mapping of related keys, such as {@code tail} or {@code pipeline.batch}. A section that is absent, or present
 * with nothing under it, takes every default.
 *
 * @param required whether the key must be present at all (only {@code discovery})
 * @param entries the keys allowed in this mapping, in the order the reference lists them
 */
record Section(String key, String description, boolean required, List<SchemaEntry> entries)
    implements SchemaEntry {

  Section {
    entries = List.copyOf(entries);
  }

  /** The entries that are plain options, in order. */
  List<Option<?>> options() {
    List<Option<?>> options = new ArrayList<>();
    for (SchemaEntry entry : entries) {
      if (entry instanceof Option<?> option) {
        options.add(option);
      }
    }
    return options;
  }

  static Section optional(String key, String description, SchemaEntry... entries) {
    return new Section(key, description, false, List.of(entries));
  }

  static Section required(String key, String description, SchemaEntry... entries) {
    return new Section(key, description, true, List.of(entries));
  }
}
