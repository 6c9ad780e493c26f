package io.raylog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Keeps the Helm chart's values equal to the configuration schema: the {@code config} part of values.schema.json and
 * the generated defaults in values.yaml. With -Draylog.regenerateDocs=true it rewrites them instead (the command is
 * {@link ConfigReference#REGENERATE_COMMAND}, which also rewrites docs/configuration.md).
 */
class ConfigReferenceChartTest {
  private static final Path CHART = Path.of(System.getProperty("basedir", "."), "charts", "raylog");
  private static final Path VALUES = CHART.resolve("values.yaml");
  private static final Path VALUES_SCHEMA = CHART.resolve("values.schema.json");
  private static final String BEGIN = "  # >>> generated from raylog's configuration schema";
  private static final String END = "  # <<< generated";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final boolean REGENERATE = Boolean.getBoolean("raylog.regenerateDocs");

  @Test
  void valuesSchemaChecksConfigAgainstTheConfigurationSchema() throws IOException {
    ObjectNode committed = (ObjectNode) JSON.readTree(Files.readString(VALUES_SCHEMA));
    ObjectNode expected = ConfigJsonSchema.schema();
    if (REGENERATE) {
      ((ObjectNode) committed.get("properties")).set("config", expected);
      Files.writeString(VALUES_SCHEMA, ConfigJsonSchema.text(committed), StandardCharsets.UTF_8);
      return;
    }
    // Compared as parsed back from text, so that number node types (int, long) do not matter.
    if (!JSON.readTree(ConfigJsonSchema.text(expected)).equals(committed.get("properties").get("config"))) {
      outOfDate(VALUES_SCHEMA);
    }
    assertThat(Files.readString(VALUES_SCHEMA)).isEqualTo(ConfigJsonSchema.text(committed));
  }

  @Test
  void valuesYamlListsEveryDefaultOfTheConfigurationSchema() throws IOException {
    String values = Files.readString(VALUES);
    int begin = values.indexOf(BEGIN);
    int end = values.indexOf(END);
    assertThat(begin).as("the generated block's markers in " + VALUES).isGreaterThanOrEqualTo(0).isLessThan(end);
    String expectedBlock = BEGIN + "; do not edit between these markers. Regenerate with:\n"
        + "  # >>> " + ConfigReference.REGENERATE_COMMAND + "\n"
        + ConfigDefaultsYaml.yaml("  ");
    String committedBlock = values.substring(begin, end);
    if (REGENERATE) {
      Files.writeString(VALUES, values.substring(0, begin) + expectedBlock + values.substring(end), StandardCharsets.UTF_8);
      return;
    }
    if (!committedBlock.equals(expectedBlock)) {
      outOfDate(VALUES);
    }
  }

  @Test
  void everyOptionOfTheSchemaIsAValueOfTheChart() throws IOException {
    JsonNode config = new YAMLMapper().readTree(Files.readString(VALUES)).get("config");
    List<String> missing = new ArrayList<>();
    for (SchemaEntry entry : ConfigSchema.ROOT.entries()) {
      if (!ConfigDefaultsYaml.DEPLOYMENT_KEYS.contains(entry.key())) {
        collectMissing(entry, config, entry.key(), missing);
      }
    }
    assertThat(missing).as("options with a default that values.yaml does not list").isEmpty();
    assertThat(config.get("discovery").get("kubernetes").get("node_name").asString()).isEqualTo("${NODE_NAME}");
    assertThat(config.get("sinks")).hasSize(1);
    // The generated schema covers the deployment keys too: every sink type and every discovery mode.
    JsonNode schema = ConfigJsonSchema.schema().get("properties");
    assertThat(schema.get("sinks").get("items").get("oneOf")).hasSize(SinkSchema.TYPES.size());
    assertThat(schema.get("discovery").get("properties").propertyNames()).contains("static");
  }

  @Test
  void theSchemaSaysWhatRaylogAccepts() {
    JsonNode properties = ConfigJsonSchema.schema().get("properties");
    JsonNode maxLine = properties.get("tail").get("properties").get("max_line_bytes");
    assertThat(maxLine.get("default").asString()).isEqualTo("1MiB");
    assertThat(maxLine.get("anyOf").get(0).get("minimum").asLong()).isEqualTo(ByteSize.KIB);
    assertThat(properties.get("read_from").get("anyOf").get(0).get("enum").toString()).isEqualTo("[\"beginning\",\"end\"]");
    assertThat(properties.get("tail").get("additionalProperties").asBoolean()).isFalse();
    assertThat(ConfigJsonSchema.schema().get("required").toString()).contains("\"discovery\"", "\"sinks\"");
  }

  private static void collectMissing(SchemaEntry entry, JsonNode parent, String path, List<String> missing) {
    JsonNode node = parent == null ? null : parent.get(entry.key());
    if (entry instanceof Option<?> option) {
      if (!option.required() && node == null) {
        missing.add(path);
      }
    } else if (entry instanceof Section section) {
      for (SchemaEntry child : section.entries()) {
        collectMissing(child, node, path + "." + child.key(), missing);
      }
    }
  }

  private static void outOfDate(Path file) {
    fail(file + " is out of date with the configuration schema. Regenerate it with:\n  "
        + ConfigReference.REGENERATE_COMMAND + "\nthen review and commit the change.");
  }
}
