package io.raylog.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.record.RayFileName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** File names as Ray writes them (shared/reference/ray-logs.md §2), with and without rotation suffixes. */
class RayFileNamesTest {
  static final String W = "12b4d8641c7f0da733ccadc0a4765fc7f69dfb3ccfab07b3b7478a7d";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "raylet.out, raylet",
      "raylet.err, raylet",
      "raylet.1.out, raylet", // a restart, not a rotation
      "raylet.out.1, raylet", // Ray >= 2.41 rotation
      "gcs_server.out, gcs_server",
      "gcs_server.2.err, gcs_server",
      "dashboard.log, dashboard",
      "dashboard.log.1, dashboard",
      "dashboard.err, dashboard",
      "dashboard_agent.log, dashboard_agent",
      "dashboard_ServeHead.log, dashboard_module",
      "dashboard_JobHead.err, dashboard_module",
      "runtime_env_agent.log, runtime_env_agent",
      "runtime_env_setup-01000000.log, runtime_env_setup",
      "runtime_env_setup-ray_client_server_23000.log, runtime_env_setup",
      "log_monitor.log, log_monitor",
      "monitor.log, monitor",
      "monitor.1.out, monitor",
      "ray_client_server.out, ray_client_server",
      "ray_client_server_23000.err, ray_client_server",
      "python-core-driver-01000000ffffffffffffffffffffffffffffffffffffffffffffffff_70942.log, core_driver",
      "python-core-worker-" + W + "_18912.log, core_worker",
      "python-core-worker-" + W + "_18912.1.log, core_worker", // Ray <= 2.40 spdlog rotation
      "python-core-worker-" + W + "_18912.log.1, core_worker",
      "java-core-worker-" + W + "_77.log, core_worker",
      "python-core-spill_worker-" + W + "_5.log, spill_worker",
      "python-core-restore_worker-" + W + "_6.log, restore_worker",
      "worker-" + W + "-01000000-18912.out, worker",
      "worker-" + W + "-18912.err, worker",
      "worker-" + W + "-01000000-18912.err.3, worker",
      "old/worker-" + W + "-01000000-10417.err, worker",
      "io_worker-" + W + "-4242.out, io_worker",
      "java-worker-12.log, worker",
      "job-driver-raysubmit_RKxecNZCNp4SET5g.log, job_driver",
      "events/event_GCS.log, event",
      "events/event_CORE_WORKER_4242.log, event",
      "events/event_RAYLET.1.log, event",
      "export_events/event_EXPORT_ACTOR.log, export_event",
      "serve/controller_702.log, serve_controller",
      "serve/proxy_10.0.0.11.log, serve_proxy",
      "serve/http_proxy_10.0.0.11.log, serve_proxy",
      "serve/replica_default_Model_rdofcrh4.log, serve_replica",
      "serve/replica_default_Model_rdofcrh4.log.2, serve_replica",
      "tpu_logs/tpu_driver.log, tpu",
      "ray-data/ray-data.log, ray_data",
      "ray-data/ray-data-dataset_4_0.log, ray_data",
      "train/ray-train-app-worker-8c5a0f3e2b1d4c6a9e7f00112233445566778899aabbccddeeff0011.log, ray_train",
      "train/ray-train-sys-controller-8c5a0f3e2b1d4c6a9e7f00112233445566778899aabbccddeeff0011.log, ray_train",
      "train/other.log, ray_train",
      "debug_state.txt, debug_state",
      "something_else.txt, unknown",
  })
  void classifiesTheComponent(String relativePath, String component) {
    assertThat(RayFileNames.component(relativePath)).isEqualTo(component);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "-", value = {
      // file, worker id, job id, pid, submission id
      "worker-" + W + "-01000000-18912.out, " + W + ", 01000000, 18912, -",
      "old/worker-" + W + "-0a000000-10417.err.2, " + W + ", 0a000000, 10417, -",
      "worker-" + W + "-ffffffff-77.out, " + W + ", -, 77, -", // the nil job: not bound to a job yet
      "worker-" + W + "-249.err, " + W + ", -, 249, -",
      "worker-" + W + "-12345678.out, " + W + ", -, 12345678, -", // an 8-digit pid is not a job id
      "io_worker-" + W + "-4242.out, " + W + ", -, 4242, -",
      "python-core-worker-" + W + "_18912.log, " + W + ", -, 18912, -",
      "python-core-worker-" + W + "_18912.1.log, " + W + ", -, 18912, -",
      "python-core-driver-01000000ffffffffffffffffffffffffffffffffffffffffffffffff_70942.log,"
          + " 01000000ffffffffffffffffffffffffffffffffffffffffffffffff, 01000000, 70942, -",
      "job-driver-raysubmit_RKxecNZCNp4SET5g.log, -, -, -1, raysubmit_RKxecNZCNp4SET5g",
      "runtime_env_setup-02000000.log, -, 02000000, -1, -",
      "events/event_CORE_WORKER_4242.log, -, -, 4242, -",
      "events/event_GCS.log, -, -, -1, -",
      "serve/controller_702.log, -, -, 702, -",
      "raylet.out, -, -, -1, -",
  })
  void readsTheIdsTheNameCarries(String relativePath, String workerId, String jobId, long pid, String submissionId) {
    RayFileName name = RayFileNames.classify(relativePath);
    assertThat(name.workerId()).isEqualTo(workerId);
    assertThat(name.jobId()).isEqualTo(jobId);
    assertThat(name.pid()).isEqualTo(pid);
    assertThat(name.submissionId()).isEqualTo(submissionId);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "raylet.out.1, raylet.out",
      "raylet.1.out, raylet.1.out",
      "old/x_1.log.12, old/x_1.log",
      "python-core-worker-" + W + "_18912.1.log, python-core-worker-" + W + "_18912.log",
      "events/event_RAYLET.1.log, events/event_RAYLET.log",
      "no_extension.1, no_extension.1",
  })
  void stripsRotationSuffixesButNotRestartIndexes(String relativePath, String stripped) {
    assertThat(RayFileNames.stripRotation(relativePath)).isEqualTo(stripped);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "-", value = {
      // file, stream, restart, rotation, event source
      "raylet.out, out, 0, 0, -",
      "raylet.1.out, out, 1, 0, -", // a restart, not a rotation
      "gcs_server.2.err.3, err, 2, 3, -",
      "dashboard.log.1, log, 0, 1, -",
      "python-core-worker-" + W + "_18912.2.log, log, 0, 2, -", // Ray <= 2.40 spdlog rotation
      "worker-" + W + "-01000000-18912.err.4, err, 0, 4, -",
      "events/event_CORE_WORKER_4242.log, log, 0, 0, CORE_WORKER",
      "events/event_RAYLET.log.1, log, 0, 1, RAYLET",
      "export_events/event_EXPORT_TASK_12.log, log, 0, 0, EXPORT_TASK",
      "debug_state.txt, -, 0, 0, -",
  })
  void readsStreamRestartRotationAndEventSource(String relativePath, String stream, int restart, int rotation,
      String eventSource) {
    RayFileName name = RayFileNames.classify(relativePath);
    assertThat(name.stream()).isEqualTo(stream);
    assertThat(name.restart()).isEqualTo(restart);
    assertThat(name.rotation()).isEqualTo(rotation);
    assertThat(name.eventSource()).isEqualTo(eventSource);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "serve/replica_default_Model_rdofcrh4.log, default, Model, rdofcrh4",
      "serve/replica_flow5d-bundestag-plenarprotokoll_BundestagPlenarprotokollFlow_npkj3mku.log.2,"
          + " flow5d-bundestag-plenarprotokoll, BundestagPlenarprotokollFlow, npkj3mku",
      "serve/replica_my_app_Model_abc123.log, my_app, Model, abc123", // an application name with '_'
  })
  void readsTheServeReplicaOfItsFileName(String relativePath, String application, String deployment, String replica) {
    assertThat(RayFileNames.classify(relativePath).serve())
        .isEqualTo(new RayFileName.ServeReplica(application, deployment, replica));
  }

  @Test
  void everyLogFileOfTheFixturesHasAComponent() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("test-fixtures/ray"))) {
      files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && f.toString().contains("/logs/"))
          .forEach(f -> {
            String relative = f.toString().substring(f.toString().indexOf("/logs/") + "/logs/".length());
            assertThat(RayFileNames.component(relative)).as(relative).isNotEqualTo(RayFileNames.UNKNOWN);
          });
    }
  }
}
