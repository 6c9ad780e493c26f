package io.raylog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReferenceTest {

  private static final Path DOC = Path.of(System.getProperty("basedir", "."), "docs", "configuration.md");

  /**
   * Keeps docs/configuration.md equal to the schema. With -Draylog.regenerateDocs=true it rewrites the file
   * instead of checking it; the failure message says so.
   */
  @Test
  void committedPageMatchesTheSchema() throws IOException {
    String expected = ConfigReference.markdown();
    if (Boolean.getBoolean("raylog.regenerateDocs")) {
      Files.createDirectories(DOC.getParent());
      Files.writeString(DOC, expected, StandardCharsets.UTF_8);
      return;
    }
    String committed = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
    if (!committed.equals(expected)) {
      fail(
          DOC
              + " is out of date with the configuration schema (first difference at line "
              + firstDifferentLine(committed, expected)
              + "). Regenerate it with:\n  "
              + ConfigReference.REGENERATE_COMMAND
              + "\nthen review and commit the change.");
    }
  }

  @Test
  void everyOptionOfTheSchemaIsDocumentedWithItsFullPath() {
    String page = ConfigReference.markdown();
    List<String> rows = new ArrayList<>();
    collectRows(ConfigSchema.ROOT, KeyPath.ROOT, rows);
    SinkSchema.SINKS.commonOptions().forEach(o -> rows.add("| `sinks[]." + o.key() + "` |"));
    SinkSchema.TYPES.forEach(t -> t.options().forEach(o -> rows.add("| `sinks[]." + o.key() + "` |")));

    assertThat(rows).hasSizeGreaterThan(25);
    assertThat(rows).allSatisfy(row -> assertThat(page).contains(row));
    assertThat(page)
        .contains("| `tail.max_line_bytes` | size, 1KiB to 1GiB | `1MiB` |")
        .contains("| `discovery.static.roots` | list of paths, at least one | **required** |")
        .contains("| `read_from` | one of `beginning`, `end` | `beginning` |")
        .contains("| `server.port` | integer, 0 to 65535 | `2020` |")
        .contains("| `tail.deleted_file_grace` | duration | `60s` |")
        .contains("#### `type: file`")
        .contains("#### `discovery.static`")
        .contains(ConfigReference.REGENERATE_COMMAND);
  }

  @Test
  void theExampleOnThePageLoads(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("raylog.yaml"), ConfigReference.EXAMPLE);

    RaylogConfig config = ConfigLoader.load(file, Map.of());

    assertThat(config.discovery().staticRoots().roots()).containsExactly(Path.of("/tmp/ray"));
    assertThat(config.sinks()).hasSize(2);
  }

  private static int firstDifferentLine(String committed, String expected) {
    List<String> a = committed.lines().toList();
    List<String> b = expected.lines().toList();
    int line = 0;
    while (line < a.size() && line < b.size() && a.get(line).equals(b.get(line))) {
      line++;
    }
    return line + 1;
  }

  private static void collectRows(Section section, KeyPath path, List<String> rows) {
    for (SchemaEntry entry : section.entries()) {
      if (entry instanceof Option<?> option) {
        rows.add("| `" + path.child(option.key()).text() + "` |");
      } else if (entry instanceof Section child) {
        collectRows(child, path.child(child.key()), rows);
      }
    }
  }
}
