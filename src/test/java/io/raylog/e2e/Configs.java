package io.raylog.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Configuration files for end-to-end runs. */
final class Configs {
  private Configs() {}

  static Path fileSink(Path dir, Path root, Path output, String extra) throws IOException {
    String yaml = """
        discovery:
          static:
            roots: [%s]
            scan_interval: 200ms
        state_dir: %s
        checkpoint:
          interval: 200ms
        tail:
          poll_interval: 50ms
        sinks:
          - name: archive
            type: file
            path: %s
        server:
          enabled: false
        %s
        """.formatted(root, dir.resolve("state"), output, extra);
    Path config = dir.resolve("raylog.yaml");
    Files.writeString(config, yaml);
    return config;
  }
}
