package io.raylog.config;

import java.util.List;

/**
 * Renders the configuration reference ({@code docs/configuration.md}) from {@link ConfigSchema}, so the page lists
 * exactly the keys the loader accepts, with their types and defaults. Pure; thread-safe.
 */
public final class ConfigReference {

  /** The command that rewrites {@code docs/configuration.md}; the page and the test that guards it both print it. */
  public static final String REGENERATE_COMMAND =
      "mvn -B -ntp test -Dtest='ConfigReference*Test' -Draylog.regenerateDocs=true";

  /** A small complete configuration; a test loads it, so the example cannot rot. */
  static final String EXAMPLE =
      """
      discovery:
        static:
          roots:
            - ${RAY_TEMP_DIR:-/tmp/ray}
      state_dir: /var/lib/raylog
      sinks:
        - name: console
          type: stdout
        - name: archive
          type: file
          path: /var/log/raylog/records.ndjson
          max_file_bytes: 256MiB
          max_files: 10
      pipeline:
        batch:
          linger: 50ms
      """;

  private ConfigReference() {}

  /** The whole page. */
  public static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append(
        """
        # Configuration reference

        <!-- Generated from the configuration schema by io.raylog.config.ConfigReference. Do not edit. -->

        This page is generated from raylog's configuration schema (`ConfigSchema` and `SinkSchema` in
        `src/main/java/io/raylog/config/`, each sink's own options beside it in `src/main/java/io/raylog/sink/<type>/`),
        so it lists exactly the keys raylog accepts. Do not edit it by hand;
        after changing the schema, regenerate it (and the Helm chart's `values.schema.json` and the defaults in its
        `values.yaml`, rendered from the same schema) with:

        ```sh
        %s
        ```

        ## How the file is read

        - raylog reads one YAML document. Keys are snake_case. A key that is not listed here is an error, at every
          level, and so is a value of the wrong kind (a list where a map belongs, a word where a number belongs).
        - Every problem in the file is reported at once, each starting with the key path it concerns, such as
          `sinks[1].path: required` or `tail.max_line_bytes: expected a size such as 64KiB or 1048576, got "big"`.
        - A section that is left out, or given with nothing under it, takes every default.
        - **Environment variables** are expanded in the text before it is parsed: `${VAR}` is the value of `VAR`,
          and `${VAR:-default}` is `default` when `VAR` is unset or empty. An unset variable without a default is
          an error. `$${` writes a literal `${`. Lines that are only a comment are not expanded. Values are
          inserted as they are, so quote a reference whose value YAML could misread (`"${PATTERN}"`).
        - **Sizes** are a whole number of bytes (`1048576`) or a number with a unit: `B`, `KB`, `KiB`, `MB`,
          `MiB`, `GB`, `GiB` (`64KiB`, `1.5MB`). KB, MB and GB are powers of 1000; KiB, MiB and GiB powers
          of 1024.
        - **Durations** are a number with a unit: `ms`, `s`, `m`, `h` (`250ms`, `1s`, `5m`, `1h30m`). `0` alone
          needs no unit; any other bare number is an error, since `250` could mean milliseconds or seconds.
        - **Paths** may be relative; they are resolved against raylog's working directory.

        ## Example

        ```yaml
        %s```

        ## Options

        """
            .formatted(REGENERATE_COMMAND, EXAMPLE));
    Section root = ConfigSchema.ROOT;
    out.append("### Top level\n\n");
    table(out, KeyPath.ROOT, root.options());
    for (SchemaEntry entry : root.entries()) {
      if (entry instanceof Section section) {
        section(out, section, KeyPath.ROOT, 3);
      } else if (entry instanceof SinkList sinks) {
        sinks(out, sinks);
      }
    }
    return out.toString();
  }

  private static void section(StringBuilder out, Section section, KeyPath parent, int level) {
    KeyPath path = parent.child(section.key());
    out.append("#".repeat(level)).append(" `").append(path.text()).append("`\n\n");
    out.append(section.description()).append("\n\n");
    if (!section.options().isEmpty()) {
      table(out, path, section.options());
    }
    for (SchemaEntry entry : section.entries()) {
      if (entry instanceof Section child) {
        section(out, child, path, level + 1);
      }
    }
  }

  private static void sinks(StringBuilder out, SinkList sinks) {
    KeyPath entry = new KeyPath(sinks.key() + "[]");
    out.append("### `").append(sinks.key()).append("`\n\n");
    out.append(sinks.description()).append("\n\n");
    out.append("Every sink takes these keys:\n\n");
    table(out, entry, sinks.commonOptions());
    for (SinkType type : sinks.types()) {
      out.append("#### `type: ").append(type.name()).append("`\n\n");
      out.append(type.description()).append("\n\n");
      if (type.options().isEmpty()) {
        out.append("No keys besides `name` and `type`.\n\n");
      } else {
        table(out, entry, type.options());
      }
    }
  }

  private static void table(StringBuilder out, KeyPath parent, List<Option<?>> options) {
    out.append("| Key | Type | Default | Description |\n");
    out.append("|-----|------|---------|-------------|\n");
    for (Option<?> option : options) {
      String shownDefault = option.required() ? "**required**" : "`" + option.shownDefault() + "`";
      out.append("| `")
          .append(parent.child(option.key()).text())
          .append("` | ")
          .append(cell(option.type().describe()))
          .append(" | ")
          .append(shownDefault)
          .append(" | ")
          .append(cell(option.description()))
          .append(" |\n");
    }
    out.append('\n');
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace('\n', ' ');
  }
}
