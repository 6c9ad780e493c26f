package io.raylog.tail;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.record.JsonBytes;
import io.raylog.record.NdjsonEncoder;
import io.raylog.record.PodMetadata;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kubelet container logs of RAY_LOG_TO_STDERR=1 pods: CRI lines, partial lines, rotation and gzip, restarts. */
class ContainerLogsTest {
  @TempDir Path node;

  private static final String POD_DIR = "/var/log/pods/ml_head_uid-1/ray-head";

  private TailRoot root() {
    PodMetadata pod = PodMetadata.of("ml", "head", "uid-1", "node-1", "ray-head", Map.of(), Map.of(), "c1", "head",
        "headgroup", null, null);
    return new TailRoot(node.resolve(POD_DIR.substring(1)), POD_DIR, pod, TailRoot.Layout.CONTAINER_LOGS);
  }

  private TailHarness harness(TailRoot root) {
    return new TailHarness(node, () -> List.of(root), TailHarness.settings(), Map.of(), true, 64L << 20);
  }

  private static String cri(int second, String tag, String content) {
    return "2026-11-26T03:00:%02d.250000000Z stderr %s %s\n".formatted(second, tag, content);
  }

  @Test
  void shipsTheContentWithTheRuntimesTimeAndJoinsPartialLines() throws Exception {
    TailRoot root = root();
    Path dir = Files.createDirectories(root.hostDir());
    TailHarness.append(dir.resolve("0.log"), cri(1, "F", "[2026-11-26 03:00:01,000 I 1 1] (raylet) a.cc:1: up")
        + cri(2, "P", "long ") + cri(3, "F", "line"));
    TailHarness h = harness(root);

    h.settle();

    assertThat(h.messages()).containsExactly("[2026-11-26 03:00:01,000 I 1 1] (raylet) a.cc:1: up", "long line");
    assertThat(h.records.get(0).timeMillis).isEqualTo(Instant.parse("2026-11-26T03:00:01.250Z").toEpochMilli());
    assertThat(h.records.get(1).timeMillis).isEqualTo(Instant.parse("2026-11-26T03:00:02.250Z").toEpochMilli());
    JsonBytes out = new JsonBytes(512);
    new NdjsonEncoder().encode(h.records.get(0), out);
    String json = new String(out.toByteArray(), StandardCharsets.UTF_8);
    assertThat(json).startsWith("{\"time\":\"2026-11-26T03:00:01.250Z\"")
        .contains("\"ray\":{\"file\":\"0.log\",\"cluster\":\"c1\"")
        .contains("\"k8s\":{\"namespace\":\"ml\",\"pod\":\"head\"")
        .contains("\"log\":{\"path\":\"" + POD_DIR + "/0.log\"");
  }

  @Test
  void rotationAndCompressionLoseNothingAndReadNothingTwice() throws Exception {
    TailRoot root = root();
    Path dir = Files.createDirectories(root.hostDir());
    Path live = dir.resolve("0.log");
    TailHarness h = harness(root);
    StringBuilder first = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      first.append(cri(i % 60, "F", "line " + i));
    }
    TailHarness.append(live, first.toString());
    h.settle();

    // The kubelet rotates: lines written just before the rename are read through the open descriptor.
    TailHarness.append(live, cri(0, "F", "line 100") + cri(0, "P", "line ") + cri(0, "F", "101"));
    Path rotated = dir.resolve("0.log.20261126-030100");
    Files.move(live, rotated);
    TailHarness.append(live, cri(1, "F", "line 102"));
    h.settle();
    // Later it compresses the rotated file (through a .tmp) and deletes it.
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("0.log.20261126-030100.tmp")))) {
      gz.write(Files.readAllBytes(rotated));
    }
    Files.move(dir.resolve("0.log.20261126-030100.tmp"), dir.resolve("0.log.20261126-030100.gz"));
    Files.delete(rotated);
    // The container restarts: the kubelet starts 1.log.
    TailHarness.append(dir.resolve("1.log"), cri(2, "F", "line 103"));
    h.settle();

    // Lines of different files have no order between them; within a file they keep theirs.
    assertThat(h.messages()).containsExactlyInAnyOrderElementsOf(TailHarness.expected("line ", 0, 104));
    assertThat(h.messages().subList(0, 100)).containsExactlyElementsOf(TailHarness.expected("line ", 0, 100));
    assertThat(h.tailer.status()).extracting(FileStatus::path)
        .containsExactlyInAnyOrder(POD_DIR + "/0.log", POD_DIR + "/1.log");
  }

  @Test
  void withParsingEachLinesComponentComesFromItsPrefixAndTheRuntimesTimeWins() throws Exception {
    TailRoot root = root();
    Path dir = Files.createDirectories(root.hostDir());
    TailHarness.append(dir.resolve("0.log"),
        cri(1, "F", "[2026-11-26 05:00:01,000 I 12 12] (raylet) node_manager.cc:1: Raylet started")
            + cri(2, "F", "2026-11-26 05:00:02,000\tINFO (dashboard_agent) agent.py:3 -- agent up")
            + cri(3, "P", "[2026-11-26 05:00:03,000 E 12 12] (gcs_server) gcs.cc:9: long ")
            + cri(3, "F", "failure"));
    TailSettings parsing = new TailSettings(1 << 20, 64 * 1024, TailHarness.SECOND / 4, 5 * TailHarness.SECOND,
        60 * TailHarness.SECOND, 4096, 0, false, io.raylog.parse.ParseSettings.defaults());
    TailHarness h = new TailHarness(node, () -> List.of(root), parsing, Map.of(), true, 64L << 20);

    h.settle();
    h.tailer.step(); // past the multi-line timeout: the last record is shipped
    h.advance(10 * TailHarness.SECOND);
    h.settle();

    List<String> json = h.records.stream().map(r -> {
      JsonBytes out = new JsonBytes(512);
      new NdjsonEncoder().encode(r, out);
      return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }).toList();
    assertThat(json).hasSize(3);
    assertThat(json.get(0)).startsWith("{\"time\":\"2026-11-26T03:00:01.250Z\"")
        .contains("\"ray\":{\"file\":\"0.log\",\"cluster\":\"c1\"").contains("\"component\":\"raylet\"")
        .contains("\"k8s\":{\"namespace\":\"ml\"");
    assertThat(json.get(1)).contains("\"component\":\"dashboard_agent\"");
    assertThat(json.get(2)).contains("\"component\":\"gcs_server\"").contains("long failure")
        .startsWith("{\"time\":\"2026-11-26T03:00:03.250Z\"");
  }
}
