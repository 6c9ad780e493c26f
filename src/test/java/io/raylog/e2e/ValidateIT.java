package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateIT {
  @TempDir Path dir;

  @Test
  void acceptsTheQuickStartConfiguration() throws Exception {
    RaylogProcess run = RaylogProcess.runToEnd(Path.of("").toAbsolutePath(), "validate", "--config", "collector/quickstart.yaml");
    assertThat(run.exitCode()).as(run.stderrText()).isZero();
  }

  @Test
  void listsEveryProblemWithItsKeyPathAndExitsNonZero() throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, """
        discovery:
          static:
            roots: []
        read_from: start
        tail:
          max_line_bytes: huge
        sinks:
          - name: console
            type: stdout
          - name: archive
            type: file
        colour: blue
        """);
    RaylogProcess validate = RaylogProcess.runToEnd(dir, "validate", "--config", config.toString());
    String errors = validate.stderrText();
    assertThat(validate.exitCode()).isEqualTo(2);
    assertThat(errors)
        .contains("discovery.static.roots")
        .contains("read_from")
        .contains("tail.max_line_bytes")
        .contains("sinks[1].path: required")
        .contains("colour");

    RaylogProcess run = RaylogProcess.runToEnd(dir, "run", "--config", config.toString());
    assertThat(run.exitCode()).as("run refuses an invalid configuration at start-up").isEqualTo(2);
    assertThat(run.stderrText()).contains("sinks[1].path: required");
  }

  @Test
  void printsItsVersionAndHelp() throws Exception {
    RaylogProcess version = RaylogProcess.runToEnd(dir, "version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.stdoutText()).startsWith("raylog ");
    RaylogProcess help = RaylogProcess.runToEnd(dir, "run", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.stdoutText()).contains("--config");
  }
}
