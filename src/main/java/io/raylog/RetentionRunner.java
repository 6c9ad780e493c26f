package io.raylog;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.raylog.config.RaylogConfig;
import io.raylog.discovery.KubernetesDiscovery;
import io.raylog.metrics.RetentionMetrics;
import io.raylog.retention.DeadPodRelease;
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

/**
 * Retention on a thread of its own, every {@code retention.interval}: what every sink acknowledged is deleted. With
 * retention off in Kubernetes mode, the same thread only releases the directories of deleted hostPath pods once every
 * file in them is shipped ({@link DeadPodRelease}); nothing is deleted.
 */
final class RetentionRunner {
  private static final Logger log = LoggerFactory.getLogger(RetentionRunner.class);

  private final RaylogConfig.Retention settings;
  /** Null when retention is off. */
  private final Retention retention;
  private final Runnable run;
  private ScheduledExecutorService thread;

  /** @param kubernetes the node's pods, whose deleted hostPath directories are followed till shipped; null in static mode */
  RetentionRunner(RaylogConfig config, Supplier<List<TailRoot>> roots, KubernetesDiscovery kubernetes, Tailer tailer,
      MeterRegistry registry) {
    this.settings = config.retention();
    DeadPods deadPods = deadPods(kubernetes);
    if (settings.enabled()) {
      retention = new Retention(settings, roots, deadPods, tailer::forEachRead,
          config.sinks().stream().map(s -> s.name()).toList(), new RetentionMetrics(registry), System::nanoTime,
          System::currentTimeMillis);
      tailer.closedFilesTo(retention::closed);
      run = retention::runOnce;
    } else {
      retention = null;
      run = new DeadPodRelease(deadPods, tailer::forEachRead, config.sinks().size())::runOnce;
    }
  }

  void start() {
    thread = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("raylog-retention", true));
    long periodMillis = Math.max(1, settings.interval().toMillis());
    thread.scheduleWithFixedDelay(() -> {
      try {
        run.run();
      } catch (RuntimeException e) {
        log.error("retention run failed; trying again in {} ms", periodMillis, e);
      }
    }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    if (retention != null) {
      log.info("retention on: deleting Ray log files every sink acknowledged (rotated_files: {}, min_age: {}, "
          + "dead_pod_grace: {}, max_bytes: {})", settings.rotatedFiles(), settings.minAge(), settings.deadPodGrace(),
          settings.maxBytes());
    }
  }

  void stop() throws InterruptedException {
    thread.shutdownNow();
    thread.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Where retention stands; null when it is off. */
  RetentionStatus status() {
    return retention == null ? null : retention.status();
  }

  /** Kubernetes mode: the hostPath directories of deleted Ray pods still followed. */
  private static DeadPods deadPods(KubernetesDiscovery discovery) {
    if (discovery == null) {
      return DeadPods.NONE;
    }
    return new DeadPods() {
      @Override
      public List<Departed> departedRoots() {
        return discovery.departedRoots().stream().map(d -> new Departed(d.root(), d.departedAtMillis())).toList();
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
