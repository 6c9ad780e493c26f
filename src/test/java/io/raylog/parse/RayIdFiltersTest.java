package io.raylog.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.record.LogRecord;
import io.raylog.route.FilterExpression;
import io.raylog.route.FilterSyntaxException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sink can route by the Ray ids a user thinks in, whether the file's name gives them (a worker's job) or the line
 * does (a structured log line's actor, the worker markers' task): read typed from the parsed record.
 */
class RayIdFiltersTest {
  private static final String WORKER =
      "worker-12b4d8641c7f0da733ccadc0a4765fc7f69dfb3ccfab07b3b7478a7d-01000000-18912.out";

  private static List<LogRecord> worker(String text) {
    return Assembled.parsed(WORKER, text, ParseSettings.defaults(), null, 0);
  }

  @Test
  void theJobOfAWorkerFileAndTheActorAndTaskItsMarkersName() throws FilterSyntaxException {
    List<LogRecord> records = worker("""
        :job_id:02000000
        :actor_name:Trainer
        training step 1
        :task_name:Trainer.fit
        fitting
        """);
    LogRecord step = records.stream().filter(r -> r.message().equals("training step 1")).findFirst().orElseThrow();
    LogRecord fit = records.stream().filter(r -> r.message().equals("fitting")).findFirst().orElseThrow();

    assertThat(FilterExpression.parse("actor_name == Trainer").accepts(step)).isTrue();
    assertThat(FilterExpression.parse("actor_name == Other").accepts(step)).isFalse();
    assertThat(FilterExpression.parse("task_name == 'Trainer.fit'").accepts(fit)).isTrue();
    assertThat(FilterExpression.parse("task_name == 'Trainer.fit'").accepts(step)).isFalse();
    assertThat(FilterExpression.parse("worker_id == 12b4d8641c7f0da733ccadc0a4765fc7f69dfb3ccfab07b3b7478a7d")
        .accepts(step)).as("from the file's name").isTrue();
  }

  @Test
  void theIdsOfAStructuredLine() throws FilterSyntaxException {
    LogRecord line = worker("{\"asctime\": \"2026-11-25 10:00:00,123\", \"levelname\": \"INFO\", \"message\": \"hi\","
        + " \"job_id\": \"03000000\", \"actor_id\": \"abc123\", \"task_id\": \"t-9\"}\n").get(0);
    assertThat(FilterExpression.parse("actor_id == abc123 and task_id == t-9").accepts(line)).isTrue();
    assertThat(FilterExpression.parse("node_id == anything").accepts(line)).as("absent: equals nothing").isFalse();
    assertThat(FilterExpression.parse("node_id != anything").accepts(line)).isTrue();
  }

  @Test
  void aServeReplicasApplicationDeploymentReplicaAndRequest() throws FilterSyntaxException {
    LogRecord access = Assembled.parsed("serve/replica_default_A_zosusx8c.log",
        "INFO 2024-11-20 13:53:00,197 default_A zosusx8c 26891433-a91a-4d27-b543-0936feb5f5c1 -- GET / 200 4.1ms\n",
        ParseSettings.defaults(), null, 0).get(0);
    assertThat(FilterExpression.parse("application == default and deployment == A and replica == zosusx8c")
        .accepts(access)).as("from the file's name").isTrue();
    assertThat(FilterExpression.parse("request_id == 26891433-a91a-4d27-b543-0936feb5f5c1").accepts(access))
        .as("from the line").isTrue();
    assertThat(FilterExpression.parse("request_id in (x, 26891433-a91a-4d27-b543-0936feb5f5c1)").accepts(access))
        .isTrue();
    assertThat(FilterExpression.parse("request_id == 26891433").accepts(access)).isFalse();
    assertThat(FilterExpression.parse("request_id contains 26891433").accepts(access)).isTrue();
    assertThat(FilterExpression.parse("deployment == A").accepts(worker("plain\n").get(0)))
        .as("not a replica's file").isFalse();
  }

  @Test
  void theMessageByLiteralAndByRegularExpression() throws FilterSyntaxException {
    LogRecord line = worker("{\"levelname\": \"INFO\", \"message\": \"loss=0.25 \\u00e9poch 3\","
        + " \"job_id\": \"0\\u0033000000\"}\n").get(0);
    assertThat(line.message()).isEqualTo("loss=0.25 \u00e9poch 3");
    assertThat(FilterExpression.parse("message contains 'loss='").accepts(line)).isTrue();
    assertThat(FilterExpression.parse("message contains '\u00e9poch'").accepts(line)).as("UTF-8 bytes").isTrue();
    assertThat(FilterExpression.parse("message contains 'LOSS'").accepts(line)).as("case-sensitive").isFalse();
    assertThat(FilterExpression.parse("message matches 'loss=0\\.[0-9]+'").accepts(line)).isTrue();
    assertThat(FilterExpression.parse("message matches '(?i)^LOSS'").accepts(line)).isTrue();
    assertThat(FilterExpression.parse("message not matches 'epoch [0-9]'").accepts(line)).isTrue();
    assertThat(FilterExpression.parse("job_id == 01000000").accepts(line)).as("the file's name first").isTrue();
  }

  @Test
  void anEscapedValueInAStructuredLineEqualsItsText() throws FilterSyntaxException {
    LogRecord line = Assembled.parsed("serve/replica_default_A_zosusx8c.log",
        "{\"levelname\": \"INFO\", \"message\": \"m\", \"actor_name\": \"Tr\\u0061iner\"}\n",
        ParseSettings.defaults(), null, 0).get(0);
    assertThat(FilterExpression.parse("actor_name == Trainer").accepts(line)).isTrue();
    assertThat(FilterExpression.parse("actor_name == Trainers").accepts(line)).isFalse();
  }
}
