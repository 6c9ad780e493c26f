package io.raylog.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.route.RateLimit;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sink's {@code sample} and {@code rate_limit}: what they bind to, and every mistake with its key path. */
class SinkBudgetConfigTest {
  private static final String DISCOVERY = "discovery:\n  static:\n    roots: [/tmp/ray]\nsinks:\n";
  private static final String FILE = "  - name: out\n    type: file\n    path: /tmp/out.ndjson\n";

  @TempDir Path dir;
  private final ConfigFiles files = new ConfigFiles(() -> dir);

  @Test
  void bindsBesideTheFilterOfAnySink() {
    RaylogConfig config = ConfigLoader.load(files.write(DISCOVERY + FILE + """
            sample: {filter: 'severity <= DEBUG', keep_one_in: 10}
            rate_limit: {key: job_id, lines_per_second: 1000, burst: 2000}
          - name: loki
            type: loki
            url: http://loki:3100/loki/api/v1/push
            rate_limit: {key: labels.team, bytes_per_second: "${BYTES}", max_keys: 50}
          - {name: console, type: stdout}
        """), java.util.Map.of("BYTES", "1048576"));
    SinkConfig.Budget file = config.sinks().get(0).budget();
    assertThat(file.sample().orElseThrow().keepOneIn()).isEqualTo(10);
    assertThat(file.sample().orElseThrow().filter().toString()).isEqualTo("severity <= DEBUG");
    assertThat(file.rateLimit()).contains(new RateLimit("job_id", RateLimit.Unit.LINES, 1000, 2000, 1000));
    assertThat(config.sinks().get(1).budget().rateLimit())
        .as("the burst defaults to one second's worth")
        .contains(new RateLimit("labels.team", RateLimit.Unit.BYTES, 1048576, 1048576, 50));
    assertThat(config.sinks().get(2).budget()).isEqualTo(SinkConfig.Budget.NONE);
  }

  static Stream<Arguments> problems() {
    return Stream.of(
        of("an unknown key field", "    rate_limit: {key: jobid, lines_per_second: 10}\n",
            "sinks[0].rate_limit.key: unknown field jobid (known: severity, component, namespace, ray_cluster,"
                + " node_type, pod, container, node, session, file, job_id, submission_id, worker_id, node_id,"
                + " actor_id, actor_name, task_id, task_name, request_id, application, deployment, replica,"
                + " labels.<key>)"),
        of("no rate", "    rate_limit: {key: job_id}\n",
            "sinks[0].rate_limit: give one of lines_per_second and bytes_per_second"),
        of("two rates", "    rate_limit: {key: job_id, lines_per_second: 1, bytes_per_second: 1}\n",
            "sinks[0].rate_limit: give one of lines_per_second and bytes_per_second"),
        of("a zero rate and a typo", "    rate_limit: {key: job_id, lines_per_second: 0, brust: 5}\n",
            "sinks[0].rate_limit.brust: unknown key (expected one of key, lines_per_second, bytes_per_second, burst,"
                + " max_keys)",
            "sinks[0].rate_limit.lines_per_second: must be at least 1, got 0"),
        of("no key", "    rate_limit: {lines_per_second: 5}\n",
            "sinks[0].rate_limit.key: required: the field whose values are limited apart, e.g. job_id"),
        of("not a map", "    rate_limit: 1000\n",
            "sinks[0].rate_limit: expected a map such as {key: job_id, lines_per_second: 1000}, got 1000"),
        of("a sample's bad filter", "    sample: {filter: 'severity == LOUD', keep_one_in: 10}\n",
            "sinks[0].sample.filter: at column 13: unknown severity LOUD (expected one of TRACE, DEBUG, INFO, WARN,"
                + " ERROR, FATAL), got LOUD"),
        of("a sample without its rate", "    sample: {filter: 'severity == DEBUG'}\n",
            "sinks[0].sample.keep_one_in: required: keep one record in this many"));
  }

  private static Arguments of(String name, String options, String... problems) {
    return Arguments.of(name, DISCOVERY + FILE + options, List.of(problems));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("problems")
  void reportsExactlyTheProblem(String name, String yaml, List<String> expected) {
    assertThat(files.problems(yaml)).containsExactlyElementsOf(expected);
  }
}
