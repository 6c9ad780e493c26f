package io.raylog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raylog.config.RaylogConfig.Batch;
import io.raylog.config.RaylogConfig.Checkpoint;
import io.raylog.config.RaylogConfig.Discovery;
import io.raylog.config.RaylogConfig.LogFormat;
import io.raylog.config.RaylogConfig.Logging;
import io.raylog.config.RaylogConfig.Parse;
import io.raylog.config.RaylogConfig.Pipeline;
import io.raylog.config.RaylogConfig.ReadFrom;
import io.raylog.config.RaylogConfig.Server;
import io.raylog.config.RaylogConfig.StaticDiscovery;
import io.raylog.config.RaylogConfig.Tail;
import io.raylog.sink.file.FileSinkConfig;
import io.raylog.sink.stdout.StdoutSinkConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;
  private final ConfigFiles files = new ConfigFiles(() -> dir);

  @Test
  void bindsEveryKeyOfAFullFile() {
    RaylogConfig config =
        files.load(
            """
            # Every key, none at its default.
            discovery:
              static:
                roots:
                  - /data/ray
                  - /mnt/other/ray
                scan_interval: 5s
            state_dir: /srv/raylog/state
            read_from: end
            tail:
              max_line_bytes: 2MiB
              read_chunk_bytes: 64KiB
              poll_interval: 100ms
              partial_line_timeout: 10s
              deleted_file_grace: 2m
              max_open_files: 100
              close_inactive: 1m
            parse:
              enabled: false
              timezone: Europe/Berlin
              multiline_timeout: 3s
              multiline_max_lines: 50
              multiline_max_bytes: 64KiB
              drop_tqdm: false
            redact:
              enabled: false
              disable: [jwt, url_password]
            pipeline:
              memory_limit: 128MiB
              batch:
                max_records: 500
                max_bytes: 4MB
                linger: 0
            checkpoint:
              interval: 500ms
            retention:
              enabled: true
              rotated_files: false
              min_age: 1h
              dead_pod_grace: 2m
              max_bytes: 10GiB
              interval: 5s
            shutdown_timeout: 25s
            sinks:
              - name: console
                type: stdout
              - name: archive_1
                type: file
                path: /var/log/raylog/out.ndjson
                max_file_bytes: 1GiB
                max_files: 3
                fsync: batch
            server:
              enabled: false
              address: 127.0.0.1
              port: 9090
            log:
              level: debug
              format: json
            """);

    assertThat(config)
        .isEqualTo(
            new RaylogConfig(
                new Discovery(
                    new StaticDiscovery(List.of(Path.of("/data/ray"), Path.of("/mnt/other/ray")), Duration.ofSeconds(5))),
                Path.of("/srv/raylog/state"),
                ReadFrom.END,
                new Tail(
                    2 * 1024 * 1024,
                    64 * 1024,
                    Duration.ofMillis(100),
                    Duration.ofSeconds(10),
                    Duration.ofMinutes(2),
                    100,
                    Duration.ofMinutes(1)),
                new Parse(false, java.time.ZoneId.of("Europe/Berlin"), Duration.ofSeconds(3), 50, 64 * 1024, false),
                new RaylogConfig.Redact(false, List.of("jwt", "url_password"), List.of()),
                new Pipeline(128L * 1024 * 1024, new Batch(500, 4_000_000, Duration.ZERO)),
                new Checkpoint(Duration.ofMillis(500)),
                new RaylogConfig.Spool(4L << 30),
                new RaylogConfig.Retention(true, false, Duration.ofHours(1), Duration.ofMinutes(2), 10L << 30,
                    Duration.ofSeconds(5)),
                Duration.ofSeconds(25),
                List.of(
                    new StdoutSinkConfig("console"),
                    new FileSinkConfig(
                        "archive_1", Path.of("/var/log/raylog/out.ndjson"), 1L << 30, 3, FileSinkConfig.Fsync.BATCH)),
                new Server(false, "127.0.0.1", 9090),
                new Logging("debug", LogFormat.JSON)));
  }

  @Test
  void absentKeysTakeTheirDefaults() {
    RaylogConfig config =
        files.load(
            """
            discovery:
              static:
                roots: [/tmp/ray]
            sinks:
              - name: out
                type: file
                path: /tmp/out.ndjson
            """);

    assertThat(config)
        .isEqualTo(
            new RaylogConfig(
                new Discovery(new StaticDiscovery(List.of(Path.of("/tmp/ray")), Duration.ofSeconds(60))),
                Path.of("/var/lib/raylog"),
                ReadFrom.BEGINNING,
                new Tail(
                    1024 * 1024,
                    256 * 1024,
                    Duration.ofMillis(250),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(60),
                    4096,
                    Duration.ofMinutes(5)),
                new Parse(true, java.time.ZoneOffset.UTC, Duration.ofSeconds(1), 1000, 1024 * 1024, true),
                RaylogConfig.Redact.DEFAULT,
                new Pipeline(16L * 1024 * 1024, new Batch(2048, 1024 * 1024, Duration.ofMillis(50))),
                new Checkpoint(Duration.ofSeconds(1)),
                new RaylogConfig.Spool(4L << 30),
                RaylogConfig.Retention.OFF,
                Duration.ofSeconds(10),
                List.of(new FileSinkConfig("out", Path.of("/tmp/out.ndjson"), 0, 5, FileSinkConfig.Fsync.NEVER)),
                new Server(true, "0.0.0.0", 2020),
                new Logging("info", LogFormat.TEXT)));
  }

  @Test
  void aSectionWithEverythingCommentedOutTakesTheDefaults() {
    RaylogConfig config =
        files.load(
            ConfigFiles.MINIMAL
                + """
                tail:
                  # max_line_bytes: 4MiB
                server:
                """);

    assertThat(config.tail()).isEqualTo(files.load(ConfigFiles.MINIMAL).tail());
    assertThat(config.server()).isEqualTo(new Server(true, "0.0.0.0", 2020));
  }

  @Test
  void acceptsTheSpellingsEnvironmentReferencesProduce() {
    RaylogConfig config =
        files.load(
            ConfigFiles.MINIMAL
                + """
                server:
                  enabled: "false"
                  port: "8080"
                log:
                  level: INFO
                tail:
                  max_line_bytes: "1048576"
                  partial_line_timeout: "0"
                """);

    assertThat(config.server()).isEqualTo(new Server(false, "0.0.0.0", 8080));
    assertThat(config.log().level()).isEqualTo("info");
    assertThat(config.tail().maxLineBytes()).isEqualTo(1024 * 1024);
    assertThat(config.tail().partialLineTimeout()).isZero();
  }

  @Test
  void resolvesRelativePathsAgainstTheWorkingDirectory() {
    RaylogConfig config =
        files.load(
            """
            discovery:
              static:
                roots: [ray-tmp, ./other]
            state_dir: state
            sinks:
              - name: out
                type: file
                path: out/records.ndjson
            """);

    Path cwd = Path.of("").toAbsolutePath();
    assertThat(config.discovery().staticRoots().roots())
        .containsExactly(cwd.resolve("ray-tmp"), cwd.resolve("./other"));
    assertThat(config.stateDir()).isEqualTo(cwd.resolve("state"));
    assertThat(((FileSinkConfig) config.sinks().get(0)).path()).isEqualTo(cwd.resolve("out/records.ndjson"));
  }

  @Test
  void expandsEnvironmentReferencesBeforeParsing() {
    Path file =
        files.write(
            """
            discovery:
              static:
                roots:
                  - ${RAY_DIR}
                  - ${SECOND_DIR:-/mnt/ray}
            state_dir: ${STATE_DIR:-/var/lib/raylog}
            sinks:
              - name: ${SINK_NAME}
                type: stdout
            server:
              port: ${PORT:-2020}
              address: $${literal}
            """);

    RaylogConfig config =
        ConfigLoader.load(file, Map.of("RAY_DIR", "/data/ray", "SINK_NAME", "console", "PORT", "9000", "STATE_DIR", ""));

    assertThat(config.discovery().staticRoots().roots()).containsExactly(Path.of("/data/ray"), Path.of("/mnt/ray"));
    assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/raylog"));
    assertThat(config.sinks()).containsExactly(new StdoutSinkConfig("console"));
    assertThat(config.server().port()).isEqualTo(9000);
    assertThat(config.server().address()).isEqualTo("${literal}");
  }

  @Test
  void anUnsetVariableWithoutDefaultIsReportedWithItsLine() {
    List<String> problems = files.problems(ConfigFiles.MINIMAL + "state_dir: /var/lib/raylog/${NODE_NAME}\n");

    // MINIMAL is six lines: state_dir is the seventh.
    assertThat(problems).containsExactly("line 7: ${NODE_NAME} is not set and has no default");
  }

  @Test
  void aMissingFileIsReportedWithItsName() {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.problems()).containsExactly(missing + ": cannot read: no such file"));
  }

  @Test
  void aDirectoryIsReportedAsUnreadable() {
    assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.problems()).singleElement().asString().startsWith(dir + ": cannot read: "));
  }

  @Test
  void invalidUtf8IsReported() throws IOException {
    Path file = Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.problems()).containsExactly(file + ": cannot read: not UTF-8 text"));
  }

  @Test
  void theMessageListsEveryProblemOnItsOwnLine() {
    Path file = files.write("statedir: /x\nread_from: start\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "invalid configuration "
                + file
                + " (4 problems):\n"
                + "  statedir: unknown key (expected one of: discovery, state_dir, read_from, tail, parse, redact, pipeline,"
                + " checkpoint, spool, retention, shutdown_timeout, sinks, server, log)\n"
                + "  read_from: expected one of beginning, end, got \"start\"\n"
                + "  discovery: required\n"
                + "  sinks: required");
  }
}
