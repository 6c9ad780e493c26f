package io.raylog.config;

import java.util.List;

/**
 * The {@code sinks} list: entries that share some options and take more depending on their {@code type}.
 *
 * @param commonOptions the options every entry takes, {@code name} and {@code type} among them
 * @param type the option naming the entry's {@link SinkType}
 */
record SinkList(String key, String description, List<Option<?>> commonOptions, Option<SinkType> type, List<SinkType> types)
    implements SchemaEntry {

  SinkList {
    commonOptions = List.copyOf(commonOptions);
    types = List.copyOf(types);
  }
}
