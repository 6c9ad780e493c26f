package io.raylog.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.tail.SessionDir;
import io.raylog.tail.TailRoot;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileKindTest {
  static final TailRoot ROOT = TailRoot.local(Path.of("/tmp/ray"));
  static final SessionDir SESSION =
      new SessionDir(ROOT, "session_2026-11-25_10-00-00_123456_1", Path.of("/tmp/ray/session_2026-11-25_10-00-00_123456_1/logs"));

  @ParameterizedTest(name = "{0} (current session: {1}, dead pod: {2}) is {3}")
  @CsvSource({
      // the current session: only rotated backups and logs/old/ may go
      "raylet.out, true, false, LIVE",
      "raylet.out.1, true, false, ROTATED",
      "raylet.1.out, true, false, LIVE", // a restarted raylet's current file, not a rotation
      "gcs_server.2.err, true, false, LIVE",
      "dashboard.log.3, true, false, ROTATED",
      "python-core-worker-0123456789abcdef0123456789abcdef0123456789abcdef01234567_42.1.log, true, false, ROTATED",
      "python-core-worker-0123456789abcdef0123456789abcdef0123456789abcdef01234567_42.log, true, false, LIVE",
      "events/event_GCS.1.log, true, false, ROTATED",
      "events/event_GCS.log, true, false, LIVE",
      "serve/replica_app_Model_abc123.log.2, true, false, ROTATED",
      "worker-0123456789abcdef0123456789abcdef0123456789abcdef01234567-01000000-18912.out, true, false, LIVE",
      "old/worker-0123456789abcdef0123456789abcdef0123456789abcdef01234567-01000000-10417.err, true, false, OLD",
      "job-driver-raysubmit_RKxecNZCNp4SET5g.log, true, false, LIVE",
      // an earlier session: its processes are gone
      "raylet.out, false, false, EARLIER_SESSION",
      "raylet.out.1, false, false, ROTATED",
      // a deleted pod's directory
      "raylet.out, true, true, DEAD_POD",
      "old/x.err, false, true, DEAD_POD",
  })
  void classifies(String relative, boolean currentSession, boolean deadPod, FileKind expected) {
    assertThat(FileKind.of(SESSION, SESSION.logsDir().resolve(relative), currentSession, deadPod)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"0.log.20261125-100000", "0.log"})
  void aContainerLogRootIsNeverRetentions(String name) {
    TailRoot containerLogs =
        new TailRoot(Path.of("/var/log/pods/ns_pod_uid/ray-head"), "/var/log/pods", null, TailRoot.Layout.CONTAINER_LOGS);
    SessionDir session = new SessionDir(containerLogs, "", containerLogs.hostDir());
    assertThat(FileKind.of(session, containerLogs.hostDir().resolve(name), false, true)).isEqualTo(FileKind.LIVE);
  }
}
