package io.raylog.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.raylog.enrich.KeyAllowlist;
import io.raylog.tail.TailRoot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The informer against fabric8's mock API server in CRUD mode: pods come and go, roots follow. */
class PodInformerTest {
  private final NodeApiServer api = new NodeApiServer();
  private final KubernetesClient kubectl = api.client();
  private final Map<String, Integer> apiErrors = new ConcurrentHashMap<>();
  private final AtomicInteger rootChanges = new AtomicInteger();
  private final DiscoveryEvents events = new DiscoveryEvents() {
    @Override
    public void apiError(String kind) {
      apiErrors.merge(kind, 1, Integer::sum);
    }

    @Override
    public void pods(int followed, Map<UnreadableReason, Integer> unreadable) {}
  };
  private volatile long rootChangeDelayMillis;
  private final PodDirectory directory = new PodDirectory("node-1",
      new PodResolver(new KubernetesPaths(Path.of("/var/lib/kubelet"), Path.of("/var/log/pods"), "/host")),
      new PodMetadataReader(new KeyAllowlist(List.of("ray.io/*")), new KeyAllowlist(List.of("team"))),
      events, this::rootsChanged);

  private void rootsChanged() {
    rootChanges.incrementAndGet();
    try {
      Thread.sleep(rootChangeDelayMillis); // a slow consumer, to tell synchronous from asynchronous delivery
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
  private final KubernetesClient informerClient =
      KubernetesDiscovery.clientBuilder(events).withConfig(kubectl.getConfiguration()).build();
  private PodInformer informer;

  @AfterEach
  void stop() {
    if (informer != null) {
      informer.close();
    }
    informerClient.close();
    kubectl.close();
    api.close();
  }

  private static Pod rayPod(String name, String uid, String node) {
    Pod pod = PodDirectoryTest.rayPod(name, uid, node, "{name: l, mountPath: /tmp/ray}", "- {name: l, emptyDir: {}}");
    pod.getMetadata().setResourceVersion(null);
    pod.getMetadata().setAnnotations(Map.of("team", "search", "other", "x"));
    return pod;
  }

  private void startInformer(String labelSelector) throws Exception {
    informer = new PodInformer(informerClient, "node-1", labelSelector, directory);
    informer.start(Duration.ofSeconds(30));
  }

  @Test
  void startUpKnowsThePodsOfThisNodeAndSendsTheNodeFieldSelector() throws Exception {
    String uid = kubectl.resource(rayPod("head", "uid-head", "node-1")).create().getMetadata().getUid();
    kubectl.resource(rayPod("elsewhere", "uid-else", "node-2")).create();

    startInformer("");

    // Synced at start-up: no waiting. The mock ignores the selector, so node-2's pod reached raylog and was dropped.
    assertThat(directory.roots()).extracting(TailRoot::hostDir)
        .containsExactly(Path.of("/host/var/lib/kubelet/pods/" + uid + "/volumes/kubernetes.io~empty-dir/l"));
    assertThat(directory.roots().get(0).pod().podUid()).isEqualTo(uid);
    assertThat(directory.roots().get(0).pod().annotations()).containsExactly(Map.entry("team", "search"));
    assertThat(directory.roots().get(0).pod().labels()).containsOnlyKeys("ray.io/cluster", "ray.io/node-type",
        "ray.io/group");
    assertThat(api.nodeFieldSelectors()).isNotEmpty().allSatisfy(s -> assertThat(s).contains("spec.nodeName=node-1"));
  }

  @Test
  void startUpReturnsOnlyOnceEveryPodOfTheFirstListIsKnown() throws Exception {
    for (int i = 0; i < 40; i++) {
      kubectl.resource(rayPod("w" + i, "uid-" + i, "node-1")).create();
    }
    rootChangeDelayMillis = 50;

    startInformer("");

    // No waiting: the first scan after start-up must see every pod.
    assertThat(directory.roots()).hasSize(40);
    assertThat(directory.status()).hasSize(40);
  }

  @Test
  void podsCreatedAndDeletedLaterAddAndRemoveTheirRoots() throws Exception {
    startInformer("");
    assertThat(directory.roots()).isEmpty();

    kubectl.resource(rayPod("w1", "uid-w1", "node-1")).create();
    kubectl.resource(rayPod("w2", "uid-w2", "node-1")).create();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(directory.roots())
        .extracting(r -> r.pod().pod()).containsExactlyInAnyOrder("w1", "w2"));

    kubectl.pods().inNamespace("ml").withName("w1").delete();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(directory.roots())
        .extracting(r -> r.pod().pod()).containsExactly("w2"));
    assertThat(directory.status()).extracting(PodStatus::name).containsExactly("w2");
    assertThat(rootChanges.get()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void theLabelSelectorNarrowsThePods() throws Exception {
    Pod other = rayPod("unlabelled", "uid-u", "node-1");
    other.getMetadata().setLabels(Map.of("app", "x"));
    kubectl.resource(other).create();
    kubectl.resource(rayPod("labelled", "uid-l", "node-1")).create();

    startInformer("ray.io/cluster=c1");

    assertThat(directory.roots()).extracting(r -> r.pod().pod()).containsExactly("labelled");
  }

  /**
   * A watch that drops is reconnected inside fabric8's watch manager, which does not tell the informer's exception
   * handler; every failed attempt must still be counted.
   */
  @Test
  void failedWatchReconnectsAreCountedAsApiErrors() throws Exception {
    kubectl.resource(rayPod("head", "uid-1", "node-1")).create();
    startInformer("");
    assertThat(apiErrors).isEmpty();

    api.close();

    await().atMost(Duration.ofSeconds(30)).until(() -> apiErrors.getOrDefault("unreachable", 0) >= 2);
    assertThat(apiErrors.keySet()).containsOnly("unreachable");
    assertThat(directory.roots()).as("what is known stays known").hasSize(1);
  }

  @Test
  void startUpFailsWithTheLikelyCauseWhenRbacForbidsListingPods() {
    api.forbidEverything();
    informer = new PodInformer(informerClient, "node-1", "", directory);

    assertThatThrownBy(() -> informer.start(Duration.ofSeconds(3)))
        .isInstanceOf(PodInformer.DiscoveryException.class)
        .hasMessageContaining("could not list the pods of node node-1")
        .hasMessageContaining("RBAC")
        .hasMessageContaining("get, list and watch on pods");
    assertThat(apiErrors).containsKey("forbidden").doesNotContainKey("other");
  }

  @Test
  void startUpFailsWithAMessageWhenTheApiAnswersGarbage() {
    api.answerGarbage();
    informer = new PodInformer(informerClient, "node-1", "", directory);

    assertThatThrownBy(() -> informer.start(Duration.ofSeconds(3)))
        .isInstanceOf(PodInformer.DiscoveryException.class)
        .hasMessageContaining("could not list the pods of node node-1")
        .hasMessageContaining("Likely cause");
    assertThat(apiErrors).as("counted in raylog_kubernetes_api_errors_total").containsKey("other");
    assertThat(directory.roots()).isEmpty();
  }
}
