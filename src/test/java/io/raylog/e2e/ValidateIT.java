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
    RaylogProcess[] run = new RaylogProcess[1];
    int code = RaylogProcess.runToEnd(Path.of("").toAbsolutePath(), run, "validate", "--config", "collector/quickstart.yaml");
    assertThat(code).as(run[0].stderrText()).isZero();
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
    RaylogProcess[] run = new RaylogProcess[1];
    int code = RaylogProcess.runToEnd(dir, run, "validate", "--config", config.toString());
    String errors = run[0].stderrText();
    assertThat(code).isEqualTo(2);
    assertThat(errors)
        .contains("discovery.static.roots")
        .contains("read_from")
        .contains("tail.max_line_bytes")
        .contains("sinks[1].path: required")
        .contains("colour");

    int runCode = RaylogProcess.runToEnd(dir, run, "run", "--config", config.toString());
    assertThat(runCode).as("run refuses an invalid configuration at start-up").isEqualTo(2);
    assertThat(run[0].stderrText()).contains("sinks[1].path: required");
  }

  @Test
  void printsItsVersionAndHelp() throws Exception {
    RaylogProcess[] run = new RaylogProcess[1];
    assertThat(RaylogProcess.runToEnd(dir, run, "version")).isZero();
    assertThat(run[0].stdoutText()).startsWith("raylog ");
    assertThat(RaylogProcess.runToEnd(dir, run, "run", "--help")).isZero();
    assertThat(run[0].stdoutText()).contains("--config");
  }
}
