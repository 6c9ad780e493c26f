package io.raylog.config;

import static io.raylog.config.ConfigSchema.BATCH;
import static io.raylog.config.ConfigSchema.CHECKPOINT;
import static io.raylog.config.ConfigSchema.DISCOVERY;
import static io.raylog.config.ConfigSchema.KUBERNETES;
import static io.raylog.config.ConfigSchema.LOG;
import static io.raylog.config.ConfigSchema.PARSE;
import static io.raylog.config.ConfigSchema.PIPELINE;
import static io.raylog.config.ConfigSchema.READ_FROM;
import static io.raylog.config.ConfigSchema.REDACT;
import static io.raylog.config.ConfigSchema.RETENTION;
import static io.raylog.config.ConfigSchema.ROOT;
import static io.raylog.config.ConfigSchema.SERVER;
import static io.raylog.config.ConfigSchema.SHUTDOWN_TIMEOUT;
import static io.raylog.config.ConfigSchema.SPOOL;
import static io.raylog.config.ConfigSchema.STATE_DIR;
import static io.raylog.config.ConfigSchema.STATIC;
import static io.raylog.config.ConfigSchema.TAIL;

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
    SectionValues pipeline = root.section(PIPELINE);
    MemoryChecks.check(root.section(TAIL), pipeline, pipeline.section(BATCH), problems);
    List<SinkConfig> sinks = SinkListReader.read(SinkSchema.SINKS, root, problems);
    return new RaylogConfig(
        discovery,
        root.get(STATE_DIR),
        root.get(READ_FROM),
        root.section(TAIL).bind(RaylogConfig.Tail.class),
        root.section(PARSE).bind(RaylogConfig.Parse.class),
        root.section(REDACT).bind(RaylogConfig.Redact.class),
        pipeline.bind(RaylogConfig.Pipeline.class),
        root.section(CHECKPOINT).bind(RaylogConfig.Checkpoint.class),
        root.section(SPOOL).bind(RaylogConfig.Spool.class),
        root.section(RETENTION).bind(RaylogConfig.Retention.class),
        root.get(SHUTDOWN_TIMEOUT),
        sinks,
        root.section(SERVER).bind(RaylogConfig.Server.class),
        root.section(LOG).bind(RaylogConfig.Logging.class));
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
      staticRoots = discovery.section(STATIC).bind(RaylogConfig.StaticDiscovery.class);
    }
    RaylogConfig.KubernetesDiscovery kubernetes = null;
    if (discovery.has(KUBERNETES.key())) {
      kubernetes = discovery.section(KUBERNETES).bind(RaylogConfig.KubernetesDiscovery.class);
    }
    return new RaylogConfig.Discovery(staticRoots, kubernetes);
  }
}
