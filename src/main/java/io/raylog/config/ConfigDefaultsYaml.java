package io.raylog.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every option that has a default, as YAML with each description as a comment above its key: the generated part of
 * the Helm chart's {@code values.yaml}, rendered from {@link ConfigSchema} so that an option added to raylog shows up
 * in the chart's values by regenerating. Sections that depend on how raylog is deployed (where the logs are, where
 * records go) are left to the chart's own text. Pure; thread-safe.
 */
public final class ConfigDefaultsYaml {
  /** Written by hand in the chart: the discovery mode and the sinks are choices of the deployment. */
  public static final Set<String> DEPLOYMENT_KEYS = Set.of("discovery", "sinks");

  private static final int WIDTH = 116;
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./-]+");

  private ConfigDefaultsYaml() {}

  /** The lines, each starting with {@code indent}, ending with a newline. */
  public static String yaml(String indent) {
    StringBuilder out = new StringBuilder();
    for (SchemaEntry entry : ConfigSchema.ROOT.entries()) {
      if (!DEPLOYMENT_KEYS.contains(entry.key())) {
        entry(out, entry, indent);
      }
    }
    return out.toString();
  }

  private static void entry(StringBuilder out, SchemaEntry entry, String indent) {
    comment(out, entry.description(), indent);
    if (entry instanceof Section section) {
      out.append(indent).append(section.key()).append(":\n");
      for (SchemaEntry child : section.entries()) {
        entry(out, child, indent + "  ");
      }
    } else if (entry instanceof Option<?> option) {
      if (option.required()) {
        out.append(indent).append("# ").append(option.key()).append(": (required, no default)\n");
      } else {
        out.append(indent).append(option.key()).append(": ").append(scalar(option)).append('\n');
      }
    }
  }

  private static <T> String scalar(Option<T> option) {
    String shown = option.type().show(option.defaultValue());
    // An empty list is written as one ([]), not as the text "[]", which would not be a list.
    if (option.type() instanceof IntegerType || option.type() instanceof BooleanType || PLAIN.matcher(shown).matches()
        || shown.equals("[]")) {
      return shown;
    }
    return '"' + shown.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** The description, without markdown backticks, wrapped into comment lines. */
  private static void comment(StringBuilder out, String description, String indent) {
    if (description.isEmpty()) {
      return;
    }
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : description.replace("`", "").split("\\s+")) {
      if (line.length() > 0 && indent.length() + 2 + line.length() + 1 + word.length() > WIDTH) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    for (String text : lines) {
      out.append(indent).append("# ").append(text).append('\n');
    }
  }
}
