package io.raylog.sink.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeIdsTest {
  static final String ID = "fb051b3a21b3d6ae57c4f71cbb51d5f81894f775fce97dbf308a3f9f";
  static final String OTHER = "12ba68f46d2c43ff6c2477a6326af839deb628abd4321a607b18096e";

  static Optional<String> of(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return NodeIds.fromRayletLog(bytes, bytes.length);
  }

  @Test
  void readsTheIdTheRayletWritesWhenItStarts() {
    String[][] table = {
        {"[2026-11-25 10:00:31,517 I 58 58] (raylet) main.cc:495: Setting node ID node_id=" + ID + "\n", ID},
        {"[2026-11-25 10:00:31,709 I 58 58] (raylet) node_manager.cc:340: Initializing NodeManager node_id=" + ID
            + "\n", ID},
        {"[2026-11-25 10:00:31,736 I 58 58] (raylet) raylet.cc:134: Raylet of id, " + ID
            + " started. Raylet consists of node_manager and object_manager.\n", ID},
        // other nodes' ids are never taken, even first
        {"[…] (raylet) accessor.cc:784: Received notification for node, IsAlive = 1 node_id=" + OTHER + "\n"
            + "[…] (raylet) raylet.cc:134: Raylet of id, " + ID + " started.\n", ID},
        {"[…] (raylet) accessor.cc:784: Received notification for node, IsAlive = 1 node_id=" + OTHER + "\n", null},
        {"", null},
        // not written whole yet
        {"[…] (raylet) main.cc:495: Setting node ID node_id=" + ID.substring(0, 30), null},
    };
    for (String[] row : table) {
      assertThat(of(row[0])).as(row[0]).isEqualTo(Optional.ofNullable(row[1]));
    }
  }

  @Test
  void findsItInTheFixturesRayletLog() throws Exception {
    Path raylet = Path.of(System.getProperty("basedir", "."),
        "test-fixtures/ray/worker/session_2026-11-25_10-00-00_123456_1/logs/raylet.out");
    byte[] bytes = Files.readAllBytes(raylet);
    assertThat(NodeIds.fromRayletLog(bytes, bytes.length)).contains(ID);
  }
}
