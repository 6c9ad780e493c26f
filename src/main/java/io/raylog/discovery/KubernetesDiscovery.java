package io.raylog.discovery;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.raylog.config.RaylogConfig;
import io.raylog.enrich.KeyAllowlist;
import io.raylog.tail.TailRoot;
import java.time.Duration;
import java.util.List;

/**
 * Kubernetes mode put together: the API client (the pod's service account in a cluster; {@code KUBECONFIG} or
 * {@code ~/.kube/config} outside one), the resolver, the pod directory and the informer. Thread-safety: as
 * {@link PodInformer}; {@link #roots} and {@link #status} from any thread.
 */
public final class KubernetesDiscovery implements AutoCloseable {
  /** How long start-up waits for the first list of the node's pods before giving up with an explanation. */
  public static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final PodDirectory directory;
  private final PodInformer informer;

  /** @param stateDir where the directories of deleted pods still followed are saved across restarts */
  public KubernetesDiscovery(RaylogConfig.KubernetesDiscovery config, KubernetesClient client, DiscoveryEvents events,
      Runnable onRootsChanged, java.nio.file.Path stateDir) {
    this.client = client;
    KubernetesPaths paths = new KubernetesPaths(config.kubeletRoot(), config.podLogsRoot(), config.hostRoot());
    PodMetadataReader metadata =
        new PodMetadataReader(new KeyAllowlist(config.labels()), new KeyAllowlist(config.annotations()));
    this.directory = new PodDirectory(config.nodeName(), new PodResolver(paths), metadata, events, onRootsChanged,
        stateDir, System::currentTimeMillis);
    this.informer = new PodInformer(client, config.nodeName(), config.labelSelector(), directory);
  }

  /** With the client configured from the environment. */
  public static KubernetesDiscovery fromEnvironment(RaylogConfig.KubernetesDiscovery config, DiscoveryEvents events,
      Runnable onRootsChanged, java.nio.file.Path stateDir) {
    return new KubernetesDiscovery(config, clientBuilder(events).build(), events, onRootsChanged, stateDir);
  }

  /**
   * A client builder whose HTTP client counts every failed call to the API server ({@link FailedApiCalls}): lists,
   * watches and each attempt fabric8 makes to reconnect a dropped watch.
   */
  public static KubernetesClientBuilder clientBuilder(DiscoveryEvents events) {
    FailedApiCalls failures = new FailedApiCalls(events);
    return new KubernetesClientBuilder()
        .withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor(FailedApiCalls.NAME, failures));
  }

  /** Waits for the first list of the node's pods; see {@link PodInformer#start}. */
  public void start(Duration syncTimeout) throws PodInformer.DiscoveryException, InterruptedException {
    informer.start(syncTimeout);
  }

  public List<TailRoot> roots() {
    return directory.roots();
  }

  public List<PodStatus> status() {
    return directory.status();
  }

  /** See {@link PodDirectory#departedRoots}. */
  public List<DepartedPod> departedRoots() {
    return directory.departedRoots();
  }

  /** See {@link PodDirectory#claimed}. */
  public boolean claimed(java.nio.file.Path dir) {
    return directory.claimed(dir);
  }

  /** See {@link PodDirectory#forgetDeparted}. */
  public void forgetDeparted(java.nio.file.Path hostDir) {
    directory.forgetDeparted(hostDir);
  }

  @Override
  public void close() {
    informer.close();
    client.close();
  }
}
