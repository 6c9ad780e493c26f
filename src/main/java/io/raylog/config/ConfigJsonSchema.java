package io.raylog.config;

import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON Schema (draft-07) of raylog's configuration, rendered from {@link ConfigSchema} like the reference page, so
 * that the Helm chart's {@code values.schema.json} checks the {@code config} value against exactly the keys, types
 * and ranges raylog accepts. Unknown keys are errors, as in raylog. Every non-text value may also be an environment
 * reference ({@code ${VAR}}, {@code ${VAR:-default}}), which raylog expands before reading. Pure; thread-safe.
 */
public final class ConfigJsonSchema {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** An environment reference; raylog expands it before the value is read (see EnvExpander). */
  static final String ENV_REFERENCE = "\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\\}";

  private static final String SIZE = "^\\s*\\d+(\\.\\d+)?\\s*(B|KB|KiB|MB|MiB|GB|GiB)?\\s*$";
  private static final String DURATION = "^\\s*(0|(\\d+(\\.\\d+)?(ms|s|m|h))+)\\s*$";
  private static final String INTEGER = "^\\s*-?\\d+\\s*$";
  private static final String ZONE = "^(UTC|Z|GMT|[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*|(UTC|GMT)?[+-]\\d{1,2}(:\\d{2})?)$";

  private ConfigJsonSchema() {}

  /** The schema of a whole configuration file. */
  public static ObjectNode schema() {
    ObjectNode schema = section(ConfigSchema.ROOT);
    schema.put("description", "raylog's configuration; every option is described in docs/configuration.md");
    return schema;
  }

  /** The schema as the committed file holds it: pretty-printed, with a final newline. */
  public static String text(ObjectNode schema) {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(schema) + "\n";
  }

  private static ObjectNode section(Section section) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", "object");
    if (!section.description().isEmpty()) {
      node.put("description", section.description());
    }
    ObjectNode properties = node.putObject("properties");
    ArrayNode required = JSON.createArrayNode();
    for (SchemaEntry entry : section.entries()) {
      if (entry instanceof Option<?> option) {
        properties.set(option.key(), option(option));
        if (option.required()) {
          required.add(option.key());
        }
      } else if (entry instanceof Section child) {
        properties.set(child.key(), section(child));
        if (child.required()) {
          required.add(child.key());
        }
      } else if (entry instanceof SinkList sinks) {
        properties.set(sinks.key(), sinks(sinks));
        required.add(sinks.key());
      }
    }
    if (!required.isEmpty()) {
      node.set("required", required);
    }
    node.put("additionalProperties", false);
    return node;
  }

  private static ObjectNode sinks(SinkList sinks) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", "array");
    node.put("description", sinks.description());
    node.put("minItems", 1);
    ArrayNode oneOf = node.putObject("items").putArray("oneOf");
    for (SinkType type : sinks.types()) {
      ObjectNode entry = oneOf.addObject();
      entry.put("type", "object");
      entry.put("description", "type: " + type.name() + ". " + type.description());
      ObjectNode properties = entry.putObject("properties");
      ArrayNode required = JSON.createArrayNode();
      for (Option<?> option : sinks.commonOptions()) {
        if (option == sinks.type()) {
          ObjectNode typeNode = properties.putObject(option.key());
          typeNode.put("const", type.name());
          typeNode.put("description", option.description());
        } else {
          properties.set(option.key(), option(option));
        }
        if (option.required()) {
          required.add(option.key());
        }
      }
      for (Option<?> option : type.options()) {
        properties.set(option.key(), option(option));
        if (option.required()) {
          required.add(option.key());
        }
      }
      entry.set("required", required);
      entry.put("additionalProperties", false);
    }
    return node;
  }

  private static ObjectNode option(Option<?> option) {
    ObjectNode node = value(option.type());
    node.put("description", option.description());
    if (!option.required()) {
      node.put("default", option.shownDefault());
    }
    return node;
  }

  /** The value's own schema, or'ed with an environment reference for anything that is not free text. */
  private static ObjectNode value(ValueType<?> type) {
    if (type instanceof SizeType size) {
      return anyOf(integer(size.minBytes(), size.maxBytes()), pattern(SIZE), envReference());
    }
    if (type instanceof DurationType) {
      return anyOf(pattern(DURATION), constant(0), envReference());
    }
    if (type instanceof IntegerType integer) {
      return anyOf(integer(integer.min(), integer.max()), pattern(INTEGER), envReference());
    }
    if (type instanceof BooleanType) {
      return anyOf(typed("boolean"), enumOf(List.of("true", "false")), envReference());
    }
    if (type instanceof ChoiceType<?> choice) {
      return anyOf(enumOf(List.copyOf(choice.choices().keySet())), envReference());
    }
    if (type instanceof TextType text) {
      return anyOf(pattern("^(" + text.pattern().pattern() + ")$"), envReference());
    }
    if (type instanceof PathType) {
      return minLength(typed("string"));
    }
    if (type instanceof ZoneType) {
      // Region names are too many to list; raylog checks them against the JVM's zone database at start-up.
      return anyOf(pattern(ZONE), envReference());
    }
    if (type instanceof PathListType) {
      ObjectNode node = typed("array");
      node.set("items", minLength(typed("string")));
      node.put("minItems", 1);
      node.put("uniqueItems", true);
      return node;
    }
    if (type instanceof OptionalTextType text) {
      return anyOf(pattern("^$|^(" + text.pattern().pattern() + ")$"), typed("null"), envReference());
    }
    if (type instanceof TextListType list) {
      ObjectNode node = typed("array");
      node.set("items", pattern("^(" + list.item().pattern() + ")$"));
      return node;
    }
    if (type instanceof OptionalType<?> optional) {
      return value(optional.inner());
    }
    if (type instanceof SecretType) {
      return anyOf(minLength(typed("string")), typed("number"));
    }
    if (type instanceof UrlType) {
      return anyOf(pattern("^\\s*[Hh][Tt][Tt][Pp][Ss]?://\\S+$"), envReference());
    }
    if (type instanceof FilterType) {
      // The expression's syntax is checked when the configuration is loaded (raylog validate).
      return minLength(typed("string"));
    }
    if (type instanceof RateLimitType) {
      // Which of the rates is given, and the key's field name, are checked when the configuration is loaded.
      ObjectNode node = typed("object");
      ObjectNode properties = node.putObject("properties");
      properties.set("key", minLength(typed("string")));
      for (String rate : List.of("lines_per_second", "bytes_per_second", "burst")) {
        properties.set(rate, value(IntegerType.atLeast(1)));
      }
      properties.set("max_keys", value(IntegerType.between(1, 100_000)));
      node.putArray("required").add("key");
      node.put("additionalProperties", false);
      return node;
    }
    if (type instanceof SampleType) {
      ObjectNode node = typed("object");
      ObjectNode properties = node.putObject("properties");
      properties.set("filter", minLength(typed("string")));
      properties.set("keep_one_in", value(IntegerType.atLeast(1)));
      node.putArray("required").add("keep_one_in");
      node.put("additionalProperties", false);
      return node;
    }
    if (type instanceof HeaderMapType) {
      ObjectNode node = typed("object");
      node.set("propertyNames", pattern("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
      node.set("additionalProperties", anyOf(minLength(typed("string")), typed("number")));
      return node;
    }
    if (type instanceof ChoiceListType list) {
      ObjectNode node = typed("array");
      node.set("items", enumOf(list.choices()));
      node.put("uniqueItems", true);
      return node;
    }
    if (type instanceof RedactRulesType) {
      ObjectNode rule = typed("object");
      ObjectNode properties = rule.putObject("properties");
      properties.set("name", pattern("^[a-z][a-z0-9_]{0,62}$"));
      properties.set("pattern", minLength(typed("string")));
      properties.set("group", anyOf(integer(0, 99), pattern(INTEGER), envReference()));
      ObjectNode components = typed("array");
      components.set("items", minLength(typed("string")));
      properties.set("components", components);
      ObjectNode files = typed("array");
      files.set("items", minLength(typed("string")));
      properties.set("files", files);
      rule.putArray("required").add("name").add("pattern");
      rule.put("additionalProperties", false);
      ObjectNode node = typed("array");
      node.set("items", rule);
      node.put("maxItems", RedactRulesType.MAX_RULES);
      return node;
    }
    // A new ValueType needs its JSON Schema here; ConfigReferenceChartTest fails until it has one.
    throw new IllegalArgumentException("no JSON schema for " + type + ": add one in ConfigJsonSchema.value");
  }

  private static ObjectNode anyOf(ObjectNode... alternatives) {
    ObjectNode node = JSON.createObjectNode();
    ArrayNode anyOf = node.putArray("anyOf");
    for (ObjectNode alternative : alternatives) {
      anyOf.add(alternative);
    }
    return node;
  }

  private static ObjectNode typed(String type) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", type);
    return node;
  }

  private static ObjectNode integer(long min, long max) {
    ObjectNode node = typed("integer");
    node.put("minimum", min);
    node.put("maximum", max);
    return node;
  }

  private static ObjectNode pattern(String regex) {
    ObjectNode node = typed("string");
    node.put("pattern", regex);
    return node;
  }

  private static ObjectNode envReference() {
    return pattern(ENV_REFERENCE);
  }

  private static ObjectNode constant(int value) {
    ObjectNode node = JSON.createObjectNode();
    node.put("const", value);
    return node;
  }

  private static ObjectNode enumOf(List<String> words) {
    ObjectNode node = typed("string");
    ArrayNode values = node.putArray("enum");
    words.forEach(values::add);
    return node;
  }

  private static ObjectNode minLength(ObjectNode node) {
    node.put("minLength", 1);
    return node;
  }
}
