package io.raylog.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.raylog.enrich.KeyAllowlist;
import io.raylog.tail.TailRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pod directory across pods: other nodes, shared hostPaths, reused names, deletion. */
class PodDirectoryTest {
  private final AtomicInteger changes = new AtomicInteger();
  private final Map<UnreadableReason, Integer> unreadable = new EnumMap<>(UnreadableReason.class);
  private final AtomicLong millis = new AtomicLong(1_000_000);
  private final PodDirectory directory = directory(null);
  @TempDir Path stateDir;

  /** A pod directory of node-1, saving the deleted pods' directories under {@code state} (null: nowhere). */
  private PodDirectory directory(Path state) {
    return new PodDirectory("node-1",
      new PodResolver(new KubernetesPaths(Path.of("/var/lib/kubelet"), Path.of("/var/log/pods"), "")),
      new PodMetadataReader(new KeyAllowlist(List.of("ray.io/*")), new KeyAllowlist(List.of())),
      new DiscoveryEvents() {
        @Override
        public void apiError(String kind) {}

        @Override
        public void pods(int followed, Map<UnreadableReason, Integer> byReason) {
          unreadable.clear();
          unreadable.putAll(byReason);
        }
      },
      changes::incrementAndGet, state, millis::get);
  }

  /** The volume layouts the tests vary: a hostPath every pod of the node mounts, and a directory of it per pod. */
  static final String SHARED_HOST_PATH = "- {name: l, hostPath: {path: /var/log/ray}}";
  static final String PER_POD_SUB_PATH = "{name: l, mountPath: /tmp/ray, subPathExpr: $(POD_NAME)}";

  /** A Ray pod of node-1 in a directory of its own (its name) of the shared hostPath. */
  static Pod subPathPod(String name, String uid) {
    return rayPod(name, uid, "node-1", PER_POD_SUB_PATH, SHARED_HOST_PATH);
  }

  static Pod rayPod(String name, String uid, String node, String mount, String volume) {
    Pod pod = PodSpecs.pod(name, uid, "labels: {ray.io/cluster: c1, ray.io/node-type: worker, ray.io/group: gpu}",
        """
        - name: ray-worker
          image: rayproject/ray
          args: ["ray start --block"]
          env:
          - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
          volumeMounts: [%s]
        """.formatted(mount), volume);
    pod.getSpec().setNodeName(node);
    return pod;
  }

  @Test
  void followsRayPodsOfThisNodeOnly() {
    directory.put(rayPod("a", "uid-a", "node-1", "{name: l, mountPath: /tmp/ray}", "- {name: l, emptyDir: {}}"));
    directory.put(rayPod("b", "uid-b", "node-2", "{name: l, mountPath: /tmp/ray}", "- {name: l, emptyDir: {}}"));

    assertThat(directory.roots()).extracting(TailRoot::hostDir)
        .containsExactly(Path.of("/var/lib/kubelet/pods/uid-a/volumes/kubernetes.io~empty-dir/l"));
    TailRoot root = directory.roots().get(0);
    assertThat(root.pod().pod()).isEqualTo("a");
    assertThat(root.pod().cluster()).isEqualTo("c1");
    assertThat(root.pod().group()).isEqualTo("gpu");
    assertThat(root.pod().container()).isEqualTo("ray-worker");
    assertThat(directory.status()).extracting(PodStatus::name).containsExactly("a");
  }

  @Test
  void aHostPathSharedByTwoPodsIsFollowedForNeitherAndReported() {
    directory.put(rayPod("a", "uid-a", "node-1", "{name: l, mountPath: /tmp/ray}", SHARED_HOST_PATH));
    directory.put(rayPod("b", "uid-b", "node-1", "{name: l, mountPath: /tmp/ray}", SHARED_HOST_PATH));
    directory.put(rayPod("c", "uid-c", "node-1", PER_POD_SUB_PATH, SHARED_HOST_PATH));

    assertThat(directory.roots()).extracting(TailRoot::hostDir).containsExactly(Path.of("/var/log/ray/c"));
    assertThat(unreadable).containsEntry(UnreadableReason.SHARED_HOST_PATH, 2);
    assertThat(directory.status()).filteredOn(s -> !s.name().equals("c"))
        .allSatisfy(s -> assertThat(s.problems()).singleElement().asString()
            .contains("used by other Ray pods").contains("subPathExpr"));

    // c's directory lies inside the shared one, but a root's sessions are its direct children: no collision.
    directory.remove(rayPod("a", "uid-a", "node-1", "", "[]"));
    directory.remove(rayPod("b", "uid-b", "node-1", "", "[]"));
    assertThat(directory.roots()).extracting(TailRoot::hostDir).containsExactly(Path.of("/var/log/ray/c"));
    assertThat(unreadable).doesNotContainKey(UnreadableReason.SHARED_HOST_PATH);
  }

  @Test
  void aReusedPodNameGetsTheNewPodsMetadata() {
    directory.put(subPathPod("w", "uid-old"));
    directory.remove(subPathPod("w", "uid-old"));
    assertThat(directory.roots()).singleElement().satisfies(root -> // followed until shipped
        assertThat(root.pod().podUid()).isEqualTo("uid-old"));
    directory.put(subPathPod("w", "uid-new"));

    assertThat(directory.roots()).singleElement().satisfies(root -> {
      assertThat(root.hostDir()).isEqualTo(Path.of("/var/log/ray/w"));
      assertThat(root.pod().podUid()).isEqualTo("uid-new");
    });
    assertThat(changes.get()).isEqualTo(2); // the deletion changed no root
  }

  @Test
  void theHostPathDirectoriesOfDeletedPodsAreRememberedForRetentionUntilClaimedAgainOrForgotten() {
    directory.put(subPathPod("w1", "uid-1"));
    directory.put(subPathPod("w2", "uid-2"));
    directory.put(rayPod("e", "uid-e", "node-1", "{name: l, mountPath: /tmp/ray}", "- {name: l, emptyDir: {}}"));
    assertThat(directory.departedRoots()).isEmpty();
    assertThat(directory.claimed(Path.of("/var/log/ray/w1"))).isTrue();
    assertThat(directory.claimed(Path.of("/var/log/ray"))).isTrue(); // around a pod's directory
    assertThat(directory.claimed(Path.of("/var/log/ray/w3"))).isFalse();

    directory.remove(subPathPod("w1", "uid-1"));
    directory.remove(rayPod("e", "uid-e", "node-1", "", "[]")); // an emptyDir goes with its pod: not retention's
    assertThat(directory.departedRoots()).extracting(d -> d.root().hostDir())
        .containsExactly(Path.of("/var/log/ray/w1"));
    assertThat(directory.departedRoots().get(0).root().pod().pod()).isEqualTo("w1");
    assertThat(directory.claimed(Path.of("/var/log/ray/w1"))).isFalse();

    directory.put(subPathPod("w1", "uid-1b")); // the same name again: its directory is in use
    assertThat(directory.departedRoots()).isEmpty();

    directory.remove(subPathPod("w2", "uid-2"));
    directory.forgetDeparted(Path.of("/var/log/ray/w2"));
    assertThat(directory.departedRoots()).isEmpty();
  }

  @Test
  void aDeletedHostPathPodsDirectoryStaysFollowedWithItsMetadataUntilReleasedAndAcrossARestart() throws Exception {
    PodDirectory first = directory(stateDir);
    first.putFirstList(List.of(subPathPod("w1", "uid-1")));
    TailRoot followed = first.roots().get(0);
    millis.set(5_000_000);
    first.remove(subPathPod("w1", "uid-1"));
    assertThat(first.roots()).containsExactly(followed); // its files stay on the node: shipped to their end
    assertThat(first.status()).isEmpty();

    PodDirectory restarted = directory(stateDir); // what was deleted before a restart is followed after it
    restarted.putFirstList(List.of());
    assertThat(restarted.roots()).containsExactly(followed);
    assertThat(restarted.roots().get(0).pod().k8sJson()).isEqualTo(followed.pod().k8sJson());
    assertThat(restarted.departedRoots()).singleElement().satisfies(d -> {
      assertThat(d.root()).isEqualTo(followed);
      assertThat(d.departedAtMillis()).isEqualTo(5_000_000); // the grace time goes on from the deletion
    });

    restarted.forgetDeparted(followed.hostDir());
    assertThat(restarted.roots()).isEmpty();
    PodDirectory again = directory(stateDir);
    again.putFirstList(List.of());
    assertThat(again.roots()).isEmpty();
  }

  @Test
  void anUnreadableListOfDeletedPodsIsMovedAsideAndStartUpGoesOn() throws Exception {
    Files.writeString(stateDir.resolve("departed-pods.json"), "{\"version\": 1, \"departed\": [{\"hostDir\": ");
    PodDirectory restarted = directory(stateDir);
    restarted.putFirstList(List.of());
    assertThat(restarted.roots()).isEmpty();
    try (var files = Files.list(stateDir)) {
      assertThat(files.map(f -> f.getFileName().toString())).singleElement().asString()
          .startsWith("departed-pods.json.unreadable-");
    }
  }

  @Test
  void anUnchangedPodUpdateChangesNothing() {
    Pod pod = rayPod("a", "uid-a", "node-1", "{name: l, mountPath: /tmp/ray}", "- {name: l, emptyDir: {}}");
    directory.put(pod);
    pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").build());
    directory.put(pod);

    assertThat(changes.get()).isEqualTo(1);
  }

  @Test
  void unreadablePodsAreCountedByReason() {
    directory.put(rayPod("a", "uid-a", "node-1", "{name: shm, mountPath: /dev/shm}", "- {name: shm, emptyDir: {}}"));

    assertThat(directory.roots()).isEmpty();
    assertThat(unreadable).containsEntry(UnreadableReason.NO_VOLUME, 1);
    assertThat(directory.status()).singleElement().satisfies(s -> {
      assertThat(s.directories()).isEmpty();
      assertThat(s.problems()).singleElement().asString().contains("no volume is mounted at /tmp/ray")
          .contains("fix: mount a volume");
    });
  }

  @Test
  void theOwnerIsTheRayJobOrRayServiceThatMadeTheClusterElseAnOwnerReferenceElseTheCluster() {
    PodMetadataReader reader = new PodMetadataReader(new KeyAllowlist(List.of()), new KeyAllowlist(List.of()));
    Pod fromJob = rayPod("a", "uid-a", "node-1", "{name: l, mountPath: /tmp/ray}", "- {name: l, emptyDir: {}}");
    fromJob.getMetadata().getLabels().put("ray.io/originated-from-crd", "RayJob");
    fromJob.getMetadata().getLabels().put("ray.io/originated-from-cr-name", "nightly");
    Pod owned = rayPod("b", "uid-b", "node-1", "{name: l, mountPath: /tmp/ray}", "- {name: l, emptyDir: {}}");
    owned.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
        .withKind("RayService").withName("serve").withApiVersion("ray.io/v1").withUid("x").build()));
    Pod plain = rayPod("c", "uid-c", "node-1", "{name: l, mountPath: /tmp/ray}", "- {name: l, emptyDir: {}}");

    assertThat(reader.read(fromJob, "ray")).extracting(m -> m.ownerKind() + "/" + m.ownerName()).isEqualTo("RayJob/nightly");
    assertThat(reader.read(owned, "ray")).extracting(m -> m.ownerKind() + "/" + m.ownerName()).isEqualTo("RayService/serve");
    assertThat(reader.read(plain, "ray")).extracting(m -> m.ownerKind() + "/" + m.ownerName()).isEqualTo("RayCluster/c1");
    assertThat(reader.read(plain, "ray").labels()).isEmpty();
  }
}
