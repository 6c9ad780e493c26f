package io.raylog;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.raylog.config.ConfigException;
import io.raylog.config.ConfigLoader;
import io.raylog.config.RaylogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * raylog running one configuration file, reloaded without a restart of the process: on {@link #reloadSoon} (the
 * {@code SIGHUP} handler) and when the file's content changes. The content is checked when the file's directory
 * reports a change ({@link ConfigFileWatch}: an edit, a Kubernetes ConfigMap update swapping its {@code ..data}
 * symlink), and every {@link #BACKSTOP_INTERVAL} whatever inotify says; where the directory cannot be watched, every
 * {@link #CHECK_INTERVAL}. An idle node thus reads its configuration once a minute, not every few seconds.
 *
 * <p>A new configuration is loaded and validated first: one with problems is refused with the same key paths as
 * {@code raylog validate}, and so is one that changes a setting only a restart applies ({@code state_dir},
 * {@code server}); the running configuration stays, and the refusal is logged, counted and shown on the status page.
 * A valid one replaces the running pipeline the way a restart would, without its losses: the running one drains
 * (reading stops, batches are flushed, acknowledgements awaited within {@code shutdown_timeout}, checkpoints written),
 * then the new one starts from those checkpoints. So a sink added starts where the checkpoints are; a sink removed no
 * longer holds them back; what a removed sink had not acknowledged when the drain ended is read again and sent to the
 * remaining sinks once more (at most {@code pipeline.memory_limit} of records, the bound of a restart). A valid
 * configuration that cannot start (a sink that cannot open) is refused too, and the previous one starts again.
 *
 * <p>Thread-safety: reloads run on one thread of their own; {@link #close} waits for one under way.
 */
public final class ConfigReloader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);
  /** How often the content is compared when no filesystem event can say it changed. */
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);
  /** How often it is compared anyway, for a change without an event (a file mounted with {@code subPath}). */
  static final Duration BACKSTOP_INTERVAL = Duration.ofSeconds(60);
  /**
   * From an event to the check: the events of one edit (truncate, write, rename) come together, and a file being
   * written is read once it is whole.
   */
  static final Duration EVENT_DELAY = Duration.ofMillis(500);

  private final Path file;
  private final Consumer<RaylogConfig> onApplied;
  private final ConfigReloads reloads = new ConfigReloads();
  private final ScheduledThreadPoolExecutor thread = reloadThread();
  private final CountDownLatch closed = new CountDownLatch(1);
  /** A check after an event is scheduled: the events until it runs need no other. */
  private final AtomicBoolean eventCheckScheduled = new AtomicBoolean();
  /** Null where the directory cannot be watched. */
  private volatile ConfigFileWatch watch;
  /** Guarded by this. */
  private RaylogConfig running;
  /** The file's bytes last looked at (applied or refused), so a refused file is not refused again every check. */
  private byte[] lastSeen;
  /** The file's bytes that {@link #running} was read from. */
  private byte[] runningText;
  private Main main;
  private boolean closing;
  private volatile boolean failed;

  private ConfigReloader(Path file, Consumer<RaylogConfig> onApplied) {
    this.file = file;
    this.onApplied = onApplied;
  }

  /**
   * Starts raylog with {@code config}, read from {@code file}, and watches the file.
   *
   * @param onApplied told of each configuration that starts to run (to apply its logging settings)
   */
  public static ConfigReloader start(Path file, RaylogConfig config, Consumer<RaylogConfig> onApplied) throws Exception {
    ConfigReloader reloader = new ConfigReloader(file, onApplied);
    reloader.lastSeen = Files.readAllBytes(file);
    reloader.runningText = reloader.lastSeen;
    reloader.running = config;
    reloader.main = Main.start(config, reloader.reloads);
    reloader.watch = ConfigFileWatch.start(file, reloader::checkSoon);
    reloader.scheduleCheck();
    return reloader;
  }

  private static ScheduledThreadPoolExecutor reloadThread() {
    ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("raylog-reload", true));
    thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // the checks end with close
    return thread;
  }

  /** The next periodic check: a backstop while events say when the file changes, often when none can. */
  private void scheduleCheck() {
    ConfigFileWatch current = watch;
    Duration delay = current != null && current.watching() ? BACKSTOP_INTERVAL : CHECK_INTERVAL;
    try {
      thread.schedule(() -> {
        try {
          reload(false);
        } finally {
          scheduleCheck(); // a check that failed does not end the checks
        }
      }, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  /** The file's directory changed: its content is compared shortly. Any thread. */
  private void checkSoon() {
    if (!eventCheckScheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      thread.schedule(() -> {
        eventCheckScheduled.set(false);
        reload(false);
      }, EVENT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  /** Reloads the file now (on the reload thread), even if its content did not change. */
  public void reloadSoon() {
    thread.execute(() -> reload(true));
  }

  /** Blocks until raylog stopped: {@link #close}d, or a reload left no configuration that could run. */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  /** Whether raylog stopped because neither the new configuration nor the previous one could start again. */
  public boolean failed() {
    return failed;
  }

  private synchronized void reload(boolean signalled) {
    if (closing) {
      return;
    }
    byte[] text;
    try {
      text = Files.readAllBytes(file);
    } catch (IOException e) {
      log.warn("cannot read the configuration {} to reload it: {}; the running configuration stays", file,
          e.toString());
      return;
    }
    if (Arrays.equals(text, lastSeen) && !signalled) {
      return;
    }
    lastSeen = text;
    long now = System.currentTimeMillis();
    if (Arrays.equals(text, runningText)) {
      log.info("the configuration {} is unchanged", file);
      reloads.record(ConfigReloads.Result.UNCHANGED, null, now);
      return;
    }
    RaylogConfig next;
    try {
      next = ConfigLoader.load(file);
    } catch (ConfigException e) {
      log.error("the configuration {} was not reloaded, the running one stays: {}", file, e.getMessage());
      reloads.record(ConfigReloads.Result.INVALID, e.getMessage(), now);
      return;
    }
    List<String> restartOnly = restartOnly(running, next);
    if (!restartOnly.isEmpty()) {
      String problem = "changes " + String.join(", ", restartOnly) + ", which only a restart applies";
      log.error("the configuration {} was not reloaded, the running one stays: it {}; restart raylog (roll the"
          + " DaemonSet) to apply it", file, problem);
      reloads.record(ConfigReloads.Result.NEEDS_RESTART, problem, now);
      return;
    }
    if (next.equals(running)) { // comments or layout only
      log.info("the configuration {} is unchanged", file);
      runningText = text;
      reloads.record(ConfigReloads.Result.UNCHANGED, null, now);
      return;
    }
    log.info("reloading the configuration {}: draining the running pipeline, then starting the new one", file);
    main.close();
    try {
      main = Main.start(next, reloads);
      running = next;
      runningText = text;
      onApplied.accept(next);
      reloads.record(ConfigReloads.Result.APPLIED, null, System.currentTimeMillis());
      log.info("the configuration {} is reloaded", file);
    } catch (Exception e) {
      log.error("the reloaded configuration {} could not start: {}; starting the previous one again", file,
          e.getMessage(), e);
      reloads.record(ConfigReloads.Result.FAILED, e.getMessage(), System.currentTimeMillis());
      try {
        main = Main.start(running, reloads);
      } catch (Exception again) {
        log.error("the previous configuration could not start again either: {}; stopping", again.getMessage(), again);
        failed = true;
        main = null;
        closed.countDown();
      }
    }
  }

  /** The settings whose change only a restart of the process applies; empty when none changed. */
  static List<String> restartOnly(RaylogConfig running, RaylogConfig next) {
    List<String> keys = new ArrayList<>();
    if (!running.stateDir().equals(next.stateDir())) {
      keys.add("state_dir"); // the checkpoints, the spool: their new home would start empty
    }
    if (!running.server().equals(next.server())) {
      keys.add("server"); // the port the kubelet's probes and Prometheus use
    }
    if ((running.discovery().kubernetes() == null) != (next.discovery().kubernetes() == null)) {
      keys.add("discovery.kubernetes"); // static to Kubernetes mode or back: another deployment altogether
    }
    return keys;
  }

  @Override
  public void close() {
    if (watch != null) {
      watch.close();
    }
    thread.shutdown(); // a reload under way finishes (it must not be cut off in the middle of a drain)
    synchronized (this) {
      closing = true;
      if (main != null) {
        main.close();
      }
    }
    closed.countDown();
  }
}
