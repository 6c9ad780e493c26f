package io.raylog.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Writes YAML into a temp dir and loads it, for the loader tests. */
final class ConfigFiles {

  /** The smallest valid configuration, for tests that change one thing. */
  static final String MINIMAL =
      """
      discovery:
        static:
          roots: [/tmp/ray]
      sinks:
        - name: console
          type: stdout
      """;

  private final Supplier<Path> dir;

  /** @param dir the test's temp dir, asked for when a file is written (JUnit sets it after the test is made) */
  ConfigFiles(Supplier<Path> dir) {
    this.dir = dir;
  }

  ConfigFiles(Path dir) {
    this(() -> dir);
  }

  Path write(String yaml) {
    try {
      return Files.writeString(Files.createTempFile(dir.get(), "raylog", ".yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  RaylogConfig load(String yaml) {
    return ConfigLoader.load(write(yaml), Map.of());
  }

  List<String> problems(String yaml) {
    return problems(yaml, Map.of());
  }

  /** The problems loading reports; fails the test if it loads. */
  List<String> problems(String yaml, Map<String, String> env) {
    AtomicReference<List<String>> problems = new AtomicReference<>();
    Path file = write(yaml);
    assertThatThrownBy(() -> ConfigLoader.load(file, env))
        .isInstanceOfSatisfying(ConfigException.class, e -> problems.set(e.problems()));
    return problems.get();
  }
}
