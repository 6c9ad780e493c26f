package io.raylog.config;

import static io.raylog.config.ConfigFiles.MINIMAL;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of problem, with the exact words and key path a user sees, and nothing else reported with it. */
class ConfigProblemsTest {

  private static final String DISCOVERY = "discovery:\n  static:\n    roots: [/tmp/ray]\n";
  private static final String STDOUT_SINK = "sinks:\n  - name: console\n    type: stdout\n";
  private static final String ROOT_KEYS =
      "discovery, state_dir, read_from, tail, parse, redact, pipeline, checkpoint, spool, retention, shutdown_timeout, sinks, server, log";
  private static final String FILE_SINK_KEYS = "name, type, filter, sample, rate_limit, path, max_file_bytes, max_files, fsync";

  @TempDir Path dir;
  private final ConfigFiles files = new ConfigFiles(() -> dir);

  static Stream<Arguments> problems() {
    return Stream.of(
        // structure
        of("unknown top-level key", MINIMAL + "statedir: /x\n",
            "statedir: unknown key (expected one of: " + ROOT_KEYS + ")"),
        of("dotted key at the top", MINIMAL + "tail.max_line_bytes: 2MiB\n",
            "tail.max_line_bytes: unknown key (expected one of: " + ROOT_KEYS + "); write nested keys as nested"
                + " maps, one key per level"),
        of("unknown key in a section", MINIMAL + "tail:\n  max_line_byte: 2MiB\n",
            "tail.max_line_byte: unknown key (expected one of: max_line_bytes, read_chunk_bytes, poll_interval,"
                + " partial_line_timeout, deleted_file_grace, max_open_files, close_inactive)"),
        of("unknown key two levels down", MINIMAL + "pipeline:\n  batch:\n    size: 10\n",
            "pipeline.batch.size: unknown key (expected one of: max_records, max_bytes, linger)"),
        of("a list where a map belongs", MINIMAL + "tail: [1, 2]\n", "tail: expected a map of settings, got a list"),
        of("a value where a map belongs", MINIMAL + "pipeline:\n  batch: 100\n",
            "pipeline.batch: expected a map of settings, got 100"),
        of("the document is a list", "- a\n- b\n", "(top level): expected a map of settings, got a list"),
        of("empty file", "", "discovery: required", "sinks: required"),
        // discovery
        of("discovery missing", STDOUT_SINK, "discovery: required"),
        of("discovery without a mode", "discovery: {}\n" + STDOUT_SINK,
            "discovery: set one mode (expected one of: static, kubernetes)"),
        of("discovery with nothing under it", "discovery:\n" + STDOUT_SINK,
            "discovery: set one mode (expected one of: static, kubernetes)"),
        of("unknown discovery mode", "discovery:\n  statik:\n    roots: [/tmp/ray]\n" + STDOUT_SINK,
            "discovery.statik: unknown key (expected one of: static, kubernetes)"),
        of("roots missing", "discovery:\n  static: {}\n" + STDOUT_SINK, "discovery.static.roots: required"),
        of("roots empty", "discovery:\n  static:\n    roots: []\n" + STDOUT_SINK,
            "discovery.static.roots: must list at least one path"),
        of("roots not a list", "discovery:\n  static:\n    roots: /tmp/ray\n" + STDOUT_SINK,
            "discovery.static.roots: expected a list of paths such as [/tmp/ray], got \"/tmp/ray\""),
        of("a root that is not a path", "discovery:\n  static:\n    roots: [/a, {x: 1}]\n" + STDOUT_SINK,
            "discovery.static.roots[1]: expected a path, got a map"),
        of("a root listed twice", "discovery:\n  static:\n    roots: [/a, /b, /a]\n" + STDOUT_SINK,
            "discovery.static.roots[2]: duplicate of discovery.static.roots[0] (/a)"),
        of("scan interval without unit", "discovery:\n  static:\n    roots: [/a]\n    scan_interval: 5\n" + STDOUT_SINK,
            "discovery.static.scan_interval: expected a duration such as 250ms, 1s or 5m, got 5 (a unit is needed:"
                + " ms, s, m or h)"),
        // top-level values
        of("read_from not a choice", MINIMAL + "read_from: start\n",
            "read_from: expected one of beginning, end, got \"start\""),
        of("state_dir given without value", MINIMAL + "state_dir:\n", "state_dir: expected a path, got an empty value"),
        of("state_dir empty", MINIMAL + "state_dir: ''\n", "state_dir: must not be empty"),
        of("negative duration", MINIMAL + "shutdown_timeout: -1s\n",
            "shutdown_timeout: expected a duration such as 250ms, 1s or 5m, got \"-1s\" (durations cannot be"
                + " negative)"),
        // tail
        of("size that is not a size", MINIMAL + "tail:\n  max_line_bytes: big\n",
            "tail.max_line_bytes: expected a size such as 64KiB or 1048576, got \"big\""),
        of("size with unknown unit", MINIMAL + "tail:\n  max_line_bytes: 2 megs\n",
            "tail.max_line_bytes: expected a size such as 64KiB or 1048576, got \"2 megs\" (units are B, KB, KiB,"
                + " MB, MiB, GB, GiB)"),
        of("size as a list", MINIMAL + "tail:\n  max_line_bytes: [1]\n",
            "tail.max_line_bytes: expected a size such as 64KiB or 1048576, got a list"),
        of("line size below its minimum", MINIMAL + "tail:\n  max_line_bytes: 512\n",
            "tail.max_line_bytes: must be between 1KiB and 1GiB, got 512"),
        of("read chunk below its range", MINIMAL + "tail:\n  read_chunk_bytes: 1KiB\n",
            "tail.read_chunk_bytes: must be between 4KiB and 64MiB, got 1KiB"),
        of("read chunk above its range", MINIMAL + "tail:\n  read_chunk_bytes: 65MiB\n",
            "tail.read_chunk_bytes: must be between 4KiB and 64MiB, got 65MiB"),
        of("duration without unit", MINIMAL + "tail:\n  poll_interval: 250\n",
            "tail.poll_interval: expected a duration such as 250ms, 1s or 5m, got 250 (a unit is needed: ms, s, m"
                + " or h)"),
        of("poll interval of zero", MINIMAL + "tail:\n  poll_interval: 0\n",
            "tail.poll_interval: must be at least 1ms, got 0"),
        of("duration beyond a day", MINIMAL + "tail:\n  deleted_file_grace: 25h\n",
            "tail.deleted_file_grace: must be at most 24h, got 25h"),
        of("max open files zero", MINIMAL + "tail:\n  max_open_files: 0\n",
            "tail.max_open_files: must be between 1 and 1048576, got 0"),
        // pipeline
        of("memory limit below 1MiB", MINIMAL + "pipeline:\n  memory_limit: 512KiB\n",
            "pipeline.memory_limit: must be at least 1MiB, got 512KiB"),
        of("memory limit below two batches", MINIMAL + "pipeline:\n  memory_limit: 3MiB\n  batch:\n    max_bytes: 2MiB\n",
            "pipeline.memory_limit: must be at least twice pipeline.batch.max_bytes (2 × 2MiB = 4MiB), got 3MiB: a"
                + " full batch must fit in memory while the next one fills"),
        of("batch too big for the default memory limit", MINIMAL + "pipeline:\n  batch:\n    max_bytes: 40MiB\n",
            "pipeline.memory_limit: must be at least twice pipeline.batch.max_bytes (2 × 40MiB = 80MiB), got 16MiB,"
                + " the default: a full batch must fit in memory while the next one fills"),
        of("line longer than the memory limit", MINIMAL + "tail:\n  max_line_bytes: 128MiB\n",
            "tail.max_line_bytes: must be at most pipeline.memory_limit (16MiB, the default), got 128MiB: a line"
                + " piece that cannot fit in the memory limit would stop reading for good"),
        of("max records zero", MINIMAL + "pipeline:\n  batch:\n    max_records: 0\n",
            "pipeline.batch.max_records: must be at least 1, got 0"),
        of("max records not an integer", MINIMAL + "pipeline:\n  batch:\n    max_records: 1.5\n",
            "pipeline.batch.max_records: expected an integer, got 1.5"),
        // sinks
        of("sinks missing", DISCOVERY, "sinks: required"),
        of("sinks empty", DISCOVERY + "sinks: []\n", "sinks: must list at least one sink"),
        of("sinks a map", DISCOVERY + "sinks:\n  console:\n    type: stdout\n", "sinks: expected a list of sinks, got a map"),
        of("sink entry a string", DISCOVERY + "sinks:\n  - console\n",
            "sinks[0]: expected a map with at least name and type, got \"console\""),
        of("sink without name", DISCOVERY + "sinks:\n  - type: stdout\n", "sinks[0].name: required"),
        of("sink without type", DISCOVERY + "sinks:\n  - name: console\n", "sinks[0].type: required"),
        of("sink name with capitals", DISCOVERY + "sinks:\n  - name: Console\n    type: stdout\n",
            "sinks[0].name: must be lowercase letters, digits, _ and -, got \"Console\""),
        of("unknown sink type", DISCOVERY
                + "sinks:\n  - {name: a, type: stdout}\n  - {name: b, type: stdout}\n  - {name: c, type: kafak, topic: x}\n",
            "sinks[2].type: unknown sink type \"kafak\" (expected one of: stdout, file, http, loki, elasticsearch, otlp, kafka, s3, history)"),
        of("duplicate sink name", DISCOVERY
                + "sinks:\n  - {name: console, type: stdout}\n  - {name: console, type: file, path: /x}\n",
            "sinks[1].name: duplicate sink name \"console\""),
        of("file sink without path", DISCOVERY + "sinks:\n  - {name: console, type: stdout}\n  - {name: out, type: file}\n",
            "sinks[1].path: required"),
        of("unknown key in a file sink", DISCOVERY + "sinks:\n  - {name: out, type: file, path: /x, paht: /y}\n",
            "sinks[0].paht: unknown key (expected one of: " + FILE_SINK_KEYS + ")"),
        of("file sink key on a stdout sink", DISCOVERY + "sinks:\n  - {name: out, type: stdout, path: /x}\n",
            "sinks[0].path: unknown key (expected one of: name, type, filter, sample, rate_limit)"),
        of("two file sinks on one file", DISCOVERY
                + "sinks:\n  - {name: a, type: file, path: /x/out}\n  - {name: b, type: file, path: /x/out}\n",
            "sinks[1].path: sinks[0] already writes /x/out"),
        of("fsync not a choice", DISCOVERY + "sinks:\n  - {name: out, type: file, path: /x, fsync: always}\n",
            "sinks[0].fsync: expected one of never, batch, got \"always\""),
        of("negative max_file_bytes", DISCOVERY + "sinks:\n  - {name: out, type: file, path: /x, max_file_bytes: -1}\n",
            "sinks[0].max_file_bytes: expected a size such as 64KiB or 1048576, got -1 (sizes cannot be negative)"),
        // redact
        of("redact rule with a bad regex", MINIMAL + """
            redact:
              rules:
                - {name: ticket, pattern: "TICKET-[0-9]+"}
                - {name: order, pattern: 'ORDER-\\d+', group: 0}
                - {name: broken, pattern: "key=([a-z"}
            """,
            "redact.rules[2].pattern: not a regular expression: Unclosed character class near index 8 of \"key=([a-z\""),
        of("redact rule group beyond the pattern's", MINIMAL + "redact:\n  rules:\n    - {name: t, pattern: 'a(b)', group: 2}\n",
            "redact.rules[0].group: the pattern has 1 capturing group(s), got group 2"),
        of("redact rule without a pattern", MINIMAL + "redact:\n  rules:\n    - {name: t, patern: x}\n",
            "redact.rules[0].patern: unknown key (expected one of: name, pattern, group, components, files)",
            "redact.rules[0].pattern: required"),
        of("redact rule named as a built-in one", MINIMAL + "redact:\n  rules:\n    - {name: jwt, pattern: x}\n",
            "redact.rules[0].name: another rule, built-in or yours, is named jwt"),
        of("redact rule with a bad glob", MINIMAL + "redact:\n  rules:\n    - {name: t, pattern: x, files: ['worker-{a']}\n",
            "redact.rules[0].files[0]: not a glob: Missing '}"),
        of("redact disables an unknown rule", MINIMAL + "redact:\n  disable: [aws_secret]\n",
            "redact.disable[0]: expected one of " + String.join(", ", io.raylog.redact.BuiltinRules.names())
                + ", got \"aws_secret\""),
        // server and log
        of("port out of range", MINIMAL + "server:\n  port: 70000\n", "server.port: must be between 0 and 65535, got 70000"),
        of("port a word", MINIMAL + "server:\n  port: http\n", "server.port: expected an integer, got \"http\""),
        of("port a huge number", MINIMAL + "server:\n  port: 99999999999999999999999\n",
            "server.port: must be between 0 and 65535, got 99999999999999999999999"),
        of("enabled yes", MINIMAL + "server:\n  enabled: yes\n", "server.enabled: expected true or false, got \"yes\""),
        of("address with a space", MINIMAL + "server:\n  address: 'a b'\n",
            "server.address: must be without whitespace, got \"a b\""),
        of("log level unknown", MINIMAL + "log:\n  level: loud\n",
            "log.level: expected one of trace, debug, info, warn, error, got \"loud\""),
        of("log format unknown", MINIMAL + "log:\n  format: xml\n", "log.format: expected one of text, json, got \"xml\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("problems")
  void reportsExactlyTheProblem(String name, String yaml, List<String> expected) {
    assertThat(files.problems(yaml)).containsExactlyElementsOf(expected);
  }

  @Test
  void reportsEveryProblemOfAFileAtOnce() {
    List<String> problems =
        files.problems(
            """
            discovery:
              statik:
                roots: [/tmp/ray]
            state_dir: ${STATE_DIR}
            read_from: start
            tail:
              max_line_bytes: big
              poll_interval: 250
            pipeline:
              batch:
                max_records: 0
            sinks:
              - name: console
                type: stdout
              - name: console
                type: file
              - name: x
                type: kafak
            server:
              port: 70000
              enabled: yes
            log:
              level: loud
            """,
            Map.of());

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "line 4: ${STATE_DIR} is not set and has no default",
            "discovery.statik: unknown key (expected one of: static, kubernetes)",
            "read_from: expected one of beginning, end, got \"start\"",
            "tail.max_line_bytes: expected a size such as 64KiB or 1048576, got \"big\"",
            "tail.poll_interval: expected a duration such as 250ms, 1s or 5m, got 250 (a unit is needed: ms, s, m"
                + " or h)",
            "pipeline.batch.max_records: must be at least 1, got 0",
            "sinks[1].name: duplicate sink name \"console\"",
            "sinks[1].path: required",
            "sinks[2].type: unknown sink type \"kafak\" (expected one of: stdout, file, http, loki, elasticsearch, otlp, kafka, s3, history)",
            "server.port: must be between 0 and 65535, got 70000",
            "server.enabled: expected true or false, got \"yes\"",
            "log.level: expected one of trace, debug, info, warn, error, got \"loud\"");
  }

  @Test
  void aYamlSyntaxErrorNamesTheFileAndLine() {
    List<String> problems = files.problems(MINIMAL + "server:\n  port: 1: 2\n");

    assertThat(problems)
        .singleElement()
        .asString()
        .matches(".*/raylog\\d+\\.yaml: line 8, column \\d+: mapping values are not allowed here");
  }

  @Test
  void aKeyGivenTwiceIsReportedWithItsLine() {
    List<String> problems = files.problems(MINIMAL + "read_from: end\nread_from: beginning\n");

    assertThat(problems).singleElement().asString().matches(".*\\.yaml: line 8, column \\d+: duplicate key \"read_from\"");
  }

  @Test
  void aSecondDocumentIsReported() {
    List<String> problems = files.problems(MINIMAL + "---\nread_from: end\n");

    assertThat(problems)
        .singleElement()
        .asString()
        .matches(".*\\.yaml: line 8, column \\d+: more than one YAML document; raylog reads exactly one");
  }

  @Test
  void environmentProblemsAndSyntaxErrorsAreReportedTogether() {
    List<String> problems = files.problems("a: ${A}\nb: [\n", Map.of());

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).isEqualTo("line 1: ${A} is not set and has no default");
    assertThat(problems.get(1)).contains(".yaml: line 2, column").doesNotContain("\n");
  }

  private static Arguments of(String name, String yaml, String... expected) {
    return Arguments.of(name, yaml, List.of(expected));
  }
}
