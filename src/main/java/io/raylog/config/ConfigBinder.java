package io.raylog.config;

import static io.raylog.config.ConfigSchema.BATCH;
import static io.raylog.config.ConfigSchema.BATCH_LINGER;
import static io.raylog.config.ConfigSchema.BATCH_MAX_BYTES;
import static io.raylog.config.ConfigSchema.BATCH_MAX_RECORDS;
import static io.raylog.config.ConfigSchema.CHECKPOINT;
import static io.raylog.config.ConfigSchema.CHECKPOINT_INTERVAL;
import static io.raylog.config.ConfigSchema.DISCOVERY;
import static io.raylog.config.ConfigSchema.LOG;
import static io.raylog.config.ConfigSchema.LOG_FORMAT;
import static io.raylog.config.ConfigSchema.LOG_LEVEL;
import static io.raylog.config.ConfigSchema.PARSE;
import static io.raylog.config.ConfigSchema.PARSE_DROP_TQDM;
import static io.raylog.config.ConfigSchema.PARSE_ENABLED;
import static io.raylog.config.ConfigSchema.PARSE_MULTILINE_MAX_BYTES;
import static io.raylog.config.ConfigSchema.PARSE_MULTILINE_MAX_LINES;
import static io.raylog.config.ConfigSchema.PARSE_MULTILINE_TIMEOUT;
import static io.raylog.config.ConfigSchema.PARSE_TIMEZONE;
import static io.raylog.config.ConfigSchema.PIPELINE;
import static io.raylog.config.ConfigSchema.PIPELINE_MEMORY_LIMIT;
import static io.raylog.config.ConfigSchema.READ_FROM;
import static io.raylog.config.ConfigSchema.ROOT;
import static io.raylog.config.ConfigSchema.SERVER;
import static io.raylog.config.ConfigSchema.SERVER_ADDRESS;
import static io.raylog.config.ConfigSchema.SERVER_ENABLED;
import static io.raylog.config.ConfigSchema.SERVER_PORT;
import static io.raylog.config.ConfigSchema.SHUTDOWN_TIMEOUT;
import static io.raylog.config.ConfigSchema.STATE_DIR;
import static io.raylog.config.ConfigSchema.STATIC;
import static io.raylog.config.ConfigSchema.STATIC_ROOTS;
import static io.raylog.config.ConfigSchema.STATIC_SCAN_INTERVAL;
import static io.raylog.config.ConfigSchema.TAIL;
import static io.raylog.config.ConfigSchema.TAIL_DELETED_FILE_GRACE;
import static io.raylog.config.ConfigSchema.TAIL_MAX_LINE_BYTES;
import static io.raylog.config.ConfigSchema.TAIL_MAX_OPEN_FILES;
import static io.raylog.config.ConfigSchema.TAIL_PARTIAL_LINE_TIMEOUT;
import static io.raylog.config.ConfigSchema.TAIL_POLL_INTERVAL;
import static io.raylog.config.ConfigSchema.TAIL_READ_CHUNK_BYTES;

import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Turns the parsed YAML tree into a {@link RaylogConfig}, following {@link ConfigSchema}, and checks the rules
 * that span several keys. Pure; thread-safe.
 */
final class ConfigBinder {

  private ConfigBinder() {}

  /**
   * Binds a document, adding every problem found. The result is meaningful only when no problem was added.
   *
   * @param document the parsed YAML; missing for an empty file
   */
  static RaylogConfig bind(JsonNode document, Problems problems) {
    JsonNode mapping = document.isMissingNode() || document.isNull() ? JsonNodeFactory.instance.objectNode() : document;
    if (!mapping.isObject()) {
      problems.add(KeyPath.ROOT, "expected a map of settings, got " + NodeText.describe(mapping));
      return null;
    }
    SectionValues root = SectionValues.read(mapping, KeyPath.ROOT, ROOT.entries(), true, problems);
    RaylogConfig.Discovery discovery = discovery(root.section(DISCOVERY), problems);
    SectionValues tail = root.section(TAIL);
    SectionValues parse = root.section(PARSE);
    SectionValues pipeline = root.section(PIPELINE);
    SectionValues batch = pipeline.section(BATCH);
    SectionValues checkpoint = root.section(CHECKPOINT);
    List<SinkConfig> sinks = SinkListReader.read(SinkSchema.SINKS, root, problems);
    SectionValues server = root.section(SERVER);
    SectionValues log = root.section(LOG);
    MemoryChecks.check(tail, pipeline, batch, problems);

    return new RaylogConfig(
        discovery,
        root.get(STATE_DIR),
        root.get(READ_FROM),
        new RaylogConfig.Tail(
            tail.get(TAIL_MAX_LINE_BYTES),
            // Bounded to 64MiB by its type, so it fits an int.
            Math.toIntExact(tail.get(TAIL_READ_CHUNK_BYTES)),
            tail.get(TAIL_POLL_INTERVAL),
            tail.get(TAIL_PARTIAL_LINE_TIMEOUT),
            tail.get(TAIL_DELETED_FILE_GRACE),
            tail.get(TAIL_MAX_OPEN_FILES)),
        new RaylogConfig.Parse(
            parse.get(PARSE_ENABLED),
            parse.get(PARSE_TIMEZONE),
            parse.get(PARSE_MULTILINE_TIMEOUT),
            parse.get(PARSE_MULTILINE_MAX_LINES),
            parse.get(PARSE_MULTILINE_MAX_BYTES),
            parse.get(PARSE_DROP_TQDM)),
        new RaylogConfig.Pipeline(
            pipeline.get(PIPELINE_MEMORY_LIMIT),
            new RaylogConfig.Batch(batch.get(BATCH_MAX_RECORDS), batch.get(BATCH_MAX_BYTES), batch.get(BATCH_LINGER))),
        new RaylogConfig.Checkpoint(checkpoint.get(CHECKPOINT_INTERVAL)),
        root.get(SHUTDOWN_TIMEOUT),
        sinks,
        new RaylogConfig.Server(server.get(SERVER_ENABLED), server.get(SERVER_ADDRESS), server.get(SERVER_PORT)),
        new RaylogConfig.Logging(log.get(LOG_LEVEL), log.get(LOG_FORMAT)));
  }

  /** Exactly one mode: raylog must know whether it watches Kubernetes or fixed roots, never guess. */
  private static RaylogConfig.Discovery discovery(SectionValues discovery, Problems problems) {
    List<String> modes =
        DISCOVERY.entries().stream().map(SchemaEntry::key).filter(discovery::has).collect(Collectors.toList());
    String known = DISCOVERY.entries().stream().map(SchemaEntry::key).collect(Collectors.joining(", "));
    // An unknown key alone is already reported with the list of modes; saying "no mode" too would be noise.
    if (discovery.usable() && modes.isEmpty() && discovery.isEmpty()) {
      problems.add(discovery.path(), "set one mode (expected one of: " + known + ")");
    }
    if (modes.size() > 1) {
      problems.add(discovery.path(), "set only one mode, got " + String.join(", ", modes));
    }
    RaylogConfig.StaticDiscovery staticRoots = null;
    if (discovery.has(STATIC.key())) {
      SectionValues values = discovery.section(STATIC);
      staticRoots = new RaylogConfig.StaticDiscovery(values.get(STATIC_ROOTS), values.get(STATIC_SCAN_INTERVAL));
    }
    return new RaylogConfig.Discovery(staticRoots);
  }
}
