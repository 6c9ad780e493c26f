package io.raylog;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.raylog.config.RaylogConfig;
import io.raylog.discovery.KubernetesDiscovery;
import io.raylog.metrics.RetentionMetrics;
import io.raylog.retention.DeadPods;
import io.raylog.retention.Retention;
import io.raylog.retention.RetentionStatus;
import io.raylog.tail.TailRoot;
import io.raylog.tail.Tailer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Retention on a thread of its own, every {@code retention.interval}: what every sink acknowledged is deleted. */
final class RetentionRunner {
  private static final Logger log = LoggerFactory.getLogger(RetentionRunner.class);

  private final RaylogConfig.Retention settings;
  private final Retention retention;
  private ScheduledExecutorService thread;

  /** @param kubernetes the node's pods, whose deleted hostPath directories retention may delete; null in static mode */
  RetentionRunner(RaylogConfig config, Supplier<List<TailRoot>> roots, KubernetesDiscovery kubernetes, Tailer tailer,
      MeterRegistry registry) {
    this.settings = config.retention();
    this.retention = new Retention(settings, roots, deadPods(kubernetes), tailer::forEachRead,
        config.sinks().stream().map(s -> s.name()).toList(), new RetentionMetrics(registry), System::nanoTime,
        System::currentTimeMillis);
    tailer.closedFilesTo(retention::closed);
  }

  void start() {
    thread = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("raylog-retention", true));
    long periodMillis = Math.max(1, settings.interval().toMillis());
    thread.scheduleWithFixedDelay(() -> {
      try {
        retention.runOnce();
      } catch (RuntimeException e) {
        log.error("retention run failed; trying again in {} ms", periodMillis, e);
      }
    }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    log.info("retention on: deleting Ray log files every sink acknowledged (rotated_files: {}, min_age: {}, "
        + "dead_pod_grace: {}, max_bytes: {})", settings.rotatedFiles(), settings.minAge(), settings.deadPodGrace(),
        settings.maxBytes());
  }

  void stop() throws InterruptedException {
    thread.shutdownNow();
    thread.awaitTermination(5, TimeUnit.SECONDS);
  }

  RetentionStatus status() {
    return retention.status();
  }

  /** Kubernetes mode: the hostPath directories of the Ray pods deleted since start. */
  private static DeadPods deadPods(KubernetesDiscovery discovery) {
    if (discovery == null) {
      return DeadPods.NONE;
    }
    return new DeadPods() {
      @Override
      public List<TailRoot> departedRoots() {
        return discovery.departedRoots();
      }

      @Override
      public boolean claimed(Path dir) {
        return discovery.claimed(dir);
      }

      @Override
      public void forget(Path hostDir) {
        discovery.forgetDeparted(hostDir);
      }
    };
  }
}
