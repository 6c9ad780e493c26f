package io.raylog.discovery;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin shell around fabric8's informer: watches the pods of this node ({@code spec.nodeName=<node>}, narrowed
 * by the label selector) and hands every change to the {@link PodDirectory}. Start-up waits for the first complete
 * list, so the first scan already knows every pod; afterwards API errors are logged and retried with the informer's
 * backoff, and tailing goes on with what is known. Failed calls are counted by {@link FailedApiCalls} in the client
 * (build it with {@link KubernetesDiscovery#clientBuilder}).
 *
 * <p>Thread-safety: {@link #start} and {@link #close} from one thread; events arrive on fabric8's thread.
 */
public final class PodInformer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PodInformer.class);

  private final KubernetesClient client;
  private final String nodeName;
  private final String labelSelector;
  private final PodDirectory directory;
  private volatile Throwable lastError;
  private SharedIndexInformer<Pod> informer;

  public PodInformer(KubernetesClient client, String nodeName, String labelSelector, PodDirectory directory) {
    this.client = client;
    this.nodeName = nodeName;
    this.labelSelector = labelSelector;
    this.directory = directory;
  }

  /**
   * Starts watching and waits for the first complete list of the node's pods.
   *
   * @throws DiscoveryException when the list does not arrive in time, naming the likely cause
   */
  public void start(Duration syncTimeout) throws DiscoveryException, InterruptedException {
    FilterWatchListDeletable<Pod, PodList, PodResource> pods =
        client.pods().inAnyNamespace().withField("spec.nodeName", nodeName);
    if (!labelSelector.isEmpty()) {
      pods = pods.withLabelSelector(labelSelector);
    }
    informer = pods.runnableInformer(0);
    informer.addEventHandler(new ResourceEventHandler<Pod>() {
      @Override
      public void onAdd(Pod pod) {
        directory.put(pod);
      }

      @Override
      public void onUpdate(Pod previous, Pod pod) {
        directory.put(pod);
      }

      @Override
      public void onDelete(Pod pod, boolean finalStateUnknown) {
        directory.remove(pod);
      }
    });
    informer.exceptionHandler((started, error) -> {
      lastError = error;
      String kind = ApiErrors.kind(error);
      // Not counted here: every failed call was counted where it failed, in the HTTP client (FailedApiCalls).
      log.warn("Kubernetes API error ({}) while watching the pods of node {}: {}; retrying, tailing goes on",
          kind, nodeName, ApiErrors.describe(error));
      return true; // the informer backs off and retries; shipping never waits for the API server
    });
    try {
      informer.start().toCompletableFuture().get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : lastError;
      throw new DiscoveryException(ApiErrors.syncFailure(nodeName, syncTimeout, cause), cause);
    }
    // The informer hands the first list to the handler asynchronously; apply it now, before the first scan.
    directory.putFirstList(informer.getStore().list());
    log.info("Kubernetes discovery: watching the pods of node {}{}; {} Ray pod(s) found", nodeName,
        labelSelector.isEmpty() ? "" : " matching " + labelSelector, directory.status().size());
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.stop();
      try {
        // Let the watch finish closing before the client's event loop goes away under it.
        informer.stopped().toCompletableFuture().get(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // stopping is best effort at shutdown
      }
    }
  }

  /** Start-up could not list the pods of the node. */
  public static final class DiscoveryException extends Exception {
    DiscoveryException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
