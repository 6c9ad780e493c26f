package io.raylog.tail;

import static io.raylog.tail.TailHarness.SECOND;
import static io.raylog.tail.TailHarness.SESSION;
import static io.raylog.tail.TailHarness.append;
import static io.raylog.tail.TailHarness.expected;
import static io.raylog.tail.TailHarness.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.record.JsonBytes;
import io.raylog.record.LogRecord;
import io.raylog.record.NdjsonEncoder;
import io.raylog.record.PodMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roots that come and go with pods: pickup, metadata on every record, drain after deletion, restarts, name reuse. */
class PodRootsTest {
  @TempDir Path node;

  private final List<TailRoot> roots = new CopyOnWriteArrayList<>();

  private TailHarness harness() {
    // Periodic scans far apart: only a rescan request makes a new pod's root known.
    TailSettings settings = new TailSettings(1 << 20, 64 * 1024, SECOND / 4, 5 * SECOND, 60 * SECOND, 4096,
        1000 * SECOND, false, io.raylog.parse.ParseSettings.disabled());
    return new TailHarness(node, () -> List.copyOf(roots), settings, Map.of(), true, 64L << 20);
  }

  private static PodMetadata pod(String name, String uid) {
    return PodMetadata.of("ml", name, uid, "node-1", "ray-head", Map.of("ray.io/cluster", "c1"), Map.of(), "c1",
        "head", "headgroup", "RayCluster", "c1");
  }

  private TailRoot root(String dir, PodMetadata pod) {
    return new TailRoot(node.resolve(dir), "/tmp/ray", pod, TailRoot.Layout.RAY_TEMP_DIR);
  }

  private static Path logs(TailRoot root, String session) throws Exception {
    return Files.createDirectories(root.hostDir().resolve(session).resolve("logs"));
  }

  private static String json(LogRecord record) {
    JsonBytes out = new JsonBytes(512);
    new NdjsonEncoder().encode(record, out);
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void aNewPodIsPickedUpOnRequestAndEveryRecordCarriesItsMetadata() throws Exception {
    TailHarness h = harness();
    h.settle();
    TailRoot a = root("pods/uid-a/ray-logs", pod("head-a", "uid-a"));
    append(logs(a, SESSION).resolve("raylet.out"), lines("a", 0, 3));
    roots.add(a);
    h.settle();
    assertThat(h.records).as("not rescanned yet").isEmpty();

    h.tailer.rescanSoon();
    h.settle();

    assertThat(h.messages()).containsExactlyElementsOf(expected("a", 0, 3));
    assertThat(h.records).allSatisfy(r -> assertThat(r.source.pod()).isSameAs(a.pod()));
    assertThat(json(h.records.get(0)))
        .contains("\"ray\":{\"component\":\"raylet\",\"session\":\"" + SESSION + "\",\"file\":\"raylet.out\","
            + "\"stream\":\"out\",\"cluster\":\"c1\",\"node_type\":\"head\",\"group\":\"headgroup\"}")
        .contains(",\"k8s\":{\"namespace\":\"ml\",\"pod\":\"head-a\",\"pod_uid\":\"uid-a\",\"node\":\"node-1\","
            + "\"container\":\"ray-head\",\"labels\":{\"ray.io/cluster\":\"c1\"},"
            + "\"owner\":{\"kind\":\"RayCluster\",\"name\":\"c1\"}}")
        .contains("\"log\":{\"path\":\"/tmp/ray/" + SESSION + "/logs/raylet.out\"");
  }

  @Test
  void aRootCreatedAfterItsPodIsFoundThroughAnEventOnItsNearestExistingAncestor() throws Exception {
    TailHarness h = harness();
    List<Path> watched = new CopyOnWriteArrayList<>();
    h.tailer.watchDirectoriesWith(watched::add, dir -> false);
    Files.createDirectories(node.resolve("pods"));
    TailRoot a = root("pods/uid-a/volumes/kubernetes.io~empty-dir/ray-logs", pod("a", "uid-a"));
    roots.add(a);
    h.tailer.rescanSoon();
    h.settle();
    assertThat(watched).contains(node.resolve("pods")); // the volume does not exist yet

    append(logs(a, SESSION).resolve("raylet.out"), "first line\n"); // the kubelet, then Ray
    h.tailer.onDirectoryEvent(node.resolve("pods"), List.of(Path.of("uid-a")), false);
    h.settle();

    assertThat(h.messages()).containsExactly("first line");
  }

  @Test
  void aDeletedPodsFilesAreReadToTheEndWithItsMetadataThenClosed() throws Exception {
    TailHarness h = harness();
    TailRoot a = root("var/log/ray/ml_a", pod("a", "uid-a"));
    Path file = logs(a, SESSION).resolve("raylet.out");
    append(file, lines("x", 0, 2));
    roots.add(a);
    h.settle();
    assertThat(h.tailer.openFiles()).isEqualTo(1);

    append(file, lines("x", 2, 5)); // written just before the pod went away, not read yet
    roots.remove(a);
    h.tailer.rescanSoon();
    h.settle();

    assertThat(h.messages()).containsExactlyElementsOf(expected("x", 0, 5));
    assertThat(h.records).allSatisfy(r -> assertThat(r.source.pod().pod()).isEqualTo("a"));
    assertThat(h.tailer.openFiles()).as("released once drained").isZero();
    assertThat(h.dropped).isEmpty();
  }

  @Test
  void aContainerRestartsNewSessionIsFollowed() throws Exception {
    TailHarness h = harness();
    TailRoot a = root("pods/uid-a/ray-logs", pod("a", "uid-a"));
    append(logs(a, SESSION).resolve("raylet.out"), "first\n");
    roots.add(a);
    h.settle();

    String restarted = "session_2026-11-25_11-00-00_000001_1";
    append(logs(a, restarted).resolve("raylet.out"), "second\n");
    h.tailer.onDirectoryEvent(a.hostDir(), List.of(Path.of(restarted)), false); // inotify on the root: a new session folder
    h.settle();

    assertThat(h.messages()).containsExactly("first", "second");
    assertThat(h.records.get(1).source.session()).isEqualTo(restarted);
  }

  @Test
  void aReusedPodNameGetsTheNewPodsMetadata() throws Exception {
    TailHarness h = harness();
    TailRoot old = root("var/log/ray/ml_w", pod("w", "uid-old"));
    append(logs(old, SESSION).resolve("raylet.out"), "old pod\n");
    roots.add(old);
    h.settle();

    TailRoot reused = root("var/log/ray/ml_w", pod("w", "uid-new"));
    roots.set(0, reused);
    h.tailer.rescanSoon();
    String newSession = "session_2026-11-25_12-00-00_000001_1";
    append(logs(reused, newSession).resolve("raylet.out"), "new pod\n");
    h.settle();

    assertThat(h.messages()).containsExactly("old pod", "new pod");
    assertThat(h.records.get(0).source.pod().podUid()).isEqualTo("uid-old");
    assertThat(h.records.get(1).source.pod().podUid()).isEqualTo("uid-new");
  }

  @Test
  void removingAPodLeavesTheFilesOfAPodWhoseDirectoryIsInsideItsAlone() throws Exception {
    TailHarness h = harness();
    TailRoot outer = root("var/log/ray", pod("outer", "uid-o"));
    TailRoot inner = root("var/log/ray/ml_inner", pod("inner", "uid-i"));
    append(logs(outer, SESSION).resolve("raylet.out"), "outer 0\n");
    Path innerFile = logs(inner, SESSION).resolve("raylet.out");
    append(innerFile, "inner 0\n");
    roots.add(outer);
    roots.add(inner);
    h.tailer.rescanSoon();
    h.settle();

    roots.remove(outer);
    h.tailer.rescanSoon();
    h.settle();
    append(innerFile, "inner 1\n");
    h.tailer.onDirectoryEvent(innerFile.getParent(), List.of(innerFile.getFileName()), false);
    h.settle();

    assertThat(h.messages()).containsExactlyInAnyOrder("outer 0", "inner 0", "inner 1");
    assertThat(h.tailer.status()).singleElement().satisfies(f -> assertThat(f.deleted()).isFalse());
  }
}
