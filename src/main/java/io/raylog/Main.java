package io.raylog;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.raylog.checkpoint.CheckpointSource;
import io.raylog.checkpoint.CheckpointStore;
import io.raylog.checkpoint.Checkpointer;
import io.raylog.config.RaylogConfig;
import io.raylog.discovery.KubernetesDiscovery;
import io.raylog.enrich.EnvironmentPodMetadata;
import io.raylog.metrics.CheckpointMetrics;
import io.raylog.metrics.DiscoveryMetrics;
import io.raylog.metrics.ProcessMetrics;
import io.raylog.metrics.RedactMetrics;
import io.raylog.metrics.TailMetrics;
import io.raylog.parse.RecordParser;
import io.raylog.pipeline.Acknowledgements;
import io.raylog.pipeline.MemoryBudget;
import io.raylog.pipeline.RecordChunk;
import io.raylog.record.LogRecord;
import io.raylog.record.PodMetadata;
import io.raylog.redact.Redactor;
import io.raylog.status.HttpServer;
import io.raylog.status.Liveness;
import io.raylog.status.OptionalSections;
import io.raylog.status.StatusSnapshot;
import io.raylog.tail.DirectoryWatcher;
import io.raylog.tail.OpenFileBudget;
import io.raylog.tail.TailRoot;
import io.raylog.tail.TailSettings;
import io.raylog.tail.Tailer;
import io.raylog.tail.spool.Spool;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * raylog's stages, in the order they start ({@link #steps}); they stop in the reverse order. Stopping drains: reading
 * stops, the open batches are flushed and the sinks' acknowledgements awaited, and only then is the last checkpoint
 * written and everything released.
 */
public final class Main implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private final RaylogConfig config;
  /** The reloads of the configuration file, kept across the pipelines they replace; null without reloading. */
  private final ConfigReloads reloads;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Liveness liveness = new Liveness(Liveness.STALL_LIMIT, System::nanoTime);
  private final SinkPipelines sinks = new SinkPipelines(liveness);
  private final Lifecycle lifecycle;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final CheckpointMetrics checkpointMetrics;
  private final Checkpointer checkpointer;
  private final MemoryBudget budget;
  private final Acknowledgements acknowledgements;
  private CheckpointStore.Loaded loaded;
  /** The parse thread, when lines are parsed; {@link #recordParser} is used on it only. */
  private EventLoopGroup parseLoop;
  private EventExecutor parseThread;
  private RecordParser recordParser;
  /** Replaces secrets, on the parse thread, when redaction is on; null otherwise. */
  private Redactor redactor;
  private KubernetesDiscovery kubernetes;
  private Supplier<List<TailRoot>> roots;
  private volatile Tailer tailer;
  /**
   * Deletes what every sink acknowledged, when retention is on; releases shipped directories of deleted pods in
   * Kubernetes mode; null otherwise.
   */
  private RetentionRunner retention;
  private DirectoryWatcher watcher;
  private Thread tailThread;
  private volatile boolean running = true;
  private EventLoopGroup httpLoop;
  private HttpServer http;
  private volatile boolean ready;
  private boolean closing;

  private Main(RaylogConfig config, ConfigReloads reloads) {
    this.config = config;
    this.reloads = reloads;
    checkpointMetrics = new CheckpointMetrics(registry);
    checkpointer = new Checkpointer(new CheckpointStore(config.stateDir()), config.checkpoint().interval(),
        checkpointMetrics, System::nanoTime);
    budget = new MemoryBudget(config.pipeline().memoryLimitBytes(), () -> tailer.wake());
    acknowledgements = new Acknowledgements(config.sinks().size(), budget);
    acknowledgements.onProgress(checkpointer::journalChanges);
    lifecycle = new Lifecycle(steps());
  }

  /** What starts, in this order; each step's stop runs in the reverse order. */
  private List<Lifecycle.Step> steps() {
    return List.of(
        new Lifecycle.Step("metrics", this::bindMetrics, registry::close),
        new Lifecycle.Step("checkpoints", () -> loaded = checkpointer.load(), () -> {}),
        new Lifecycle.Step("sinks", () -> sinks.start(config, acknowledgements, registry), sinks::stop),
        // Redaction runs there too: once per record, before any sink, even when lines are not parsed.
        new Lifecycle.Step("parse thread", this::startParseThread, this::stopParseThread)
            .when(() -> TailSettings.from(config).parse().enabled() || config.redact().enabled()),
        // Before the tailer's first scan, so that it knows every pod of the node.
        new Lifecycle.Step("kubernetes discovery", this::startKubernetes, () -> kubernetes.close())
            .when(() -> config.discovery().kubernetes() != null),
        new Lifecycle.Step("tailer", this::createTailer, () -> tailer.closeAll()),
        // Stops after the drain: its last snapshot holds every acknowledgement.
        new Lifecycle.Step("checkpointer",
            () -> checkpointer.start(CheckpointSource.of(tailer::forEachCheckpoint, tailer::changedCheckpoints)),
            checkpointer::close),
        new Lifecycle.Step("directory watcher", () -> watcher.start(), () -> watcher.close()),
        new Lifecycle.Step("http server", this::startHttp, this::stopHttp).when(() -> config.server().enabled()),
        // The start-up's live data (classes' metadata on the heap, the jar's directory, the pipelines) is there for
        // good: one full collection moves it to the old generation now, before the records come. It would otherwise
        // fill the survivor spaces and be copied between them at each young collection until it is old enough, and
        // the catch-up's allocations then reuse the young generation's pages that the start-up touched instead of
        // touching new ones. With RunCommand's collection before the configuration is read: a heap of 24-28 MiB
        // resident on an idle node instead of 35-37, for two collections of 20-65 ms (issue 21; docs/benchmark.md,
        // "Memory: start-up garbage and classes").
        new Lifecycle.Step("heap", System::gc, () -> {}),
        new Lifecycle.Step("reading", this::startReading, this::stopReadingAndDrain),
        // Stops before reading does: nothing is deleted while the last acknowledgements drain.
        new Lifecycle.Step("retention", () -> retention.start(), () -> retention.stop())
            .when(() -> retention != null),
        new Lifecycle.Step("ready", this::announceReady, () -> ready = false));
  }

  /** Starts every stage; throws with a clear message when something the configuration names is unusable. */
  public static Main start(RaylogConfig config) throws Exception {
    return start(config, null);
  }

  /** The same, as one configuration in a series of reloads (see {@link ConfigReloader}). */
  static Main start(RaylogConfig config, ConfigReloads reloads) throws Exception {
    Main main = new Main(config, reloads);
    try {
      main.lifecycle.start();
    } catch (Exception | Error e) {
      main.close();
      throw e;
    }
    return main;
  }

  /** Blocks until {@link #close} has finished. */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  /** Drains and stops; idempotent. */
  @Override
  public synchronized void close() {
    if (closing) {
      return;
    }
    closing = true;
    lifecycle.stop();
    log.info("raylog stopped");
    closed.countDown();
  }

  private void bindMetrics() {
    ProcessMetrics.bindTo(registry);
    if (reloads != null) {
      reloads.bindTo(registry);
    }
  }

  private void startParseThread() {
    // Parsing costs more than reading and splitting: on a thread of its own, the two run side by side.
    parseLoop = new DefaultEventLoopGroup(1, new DefaultThreadFactory("raylog-parse", true));
    parseThread = parseLoop.next();
    recordParser = new RecordParser(TailSettings.from(config).parse());
    if (config.redact().enabled()) {
      RedactMetrics redactMetrics = new RedactMetrics(registry);
      redactor = Redactor.of(config.redact().disable(), config.redact().rules(), redactMetrics);
      redactMetrics.rulesInForce(redactor.ruleNames());
    }
    liveness.watch("parse thread", parseLoop);
  }

  private void stopParseThread() {
    parseLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private void startKubernetes() throws Exception {
    kubernetes = KubernetesDiscovery.fromEnvironment(config.discovery().kubernetes(), new DiscoveryMetrics(registry),
        () -> {
          Tailer current = tailer;
          if (current != null) {
            current.rescanSoon();
          }
        }, config.stateDir());
    kubernetes.start(KubernetesDiscovery.SYNC_TIMEOUT);
  }

  private void createTailer() throws java.io.IOException {
    TailMetrics tailMetrics = new TailMetrics(registry);
    roots = roots();
    tailer = new Tailer(roots, withDescriptorLimit(TailSettings.from(config)), loaded.checkpoints(),
        loaded.firstStart(), this::publish, budget, config.sinks().size(), tailMetrics, System::nanoTime,
        System::currentTimeMillis);
    watcher = new DirectoryWatcher(tailer::onDirectoryEvent, tailMetrics);
    tailer.watchDirectoriesWith(watcher::watch, watcher::reportsChanges);
    tailer.checkpointSoonWith(checkpointer::journalChanges);
    // Before the checkpointer starts: the copies left by the last run take their checkpoints from the loaded ones.
    tailer.spoolWith(new Spool(config.stateDir().resolve("spool"), config.spool().maxBytes(), tailMetrics,
        System::currentTimeMillis));
    if (config.retention().enabled() || kubernetes != null) {
      retention = new RetentionRunner(config, roots, kubernetes, tailer, registry);
    }
    registerPipelineGauges();
  }

  /**
   * Kubernetes mode: the roots follow the node's pods (issue 4). Static mode: the configured roots, with pod
   * metadata from environment variables when raylog runs as a sidecar.
   */
  private Supplier<List<TailRoot>> roots() {
    if (kubernetes != null) {
      return kubernetes::roots;
    }
    PodMetadata pod = EnvironmentPodMetadata.from(System.getenv());
    List<TailRoot> fixed = config.discovery().staticRoots().roots().stream().map(r -> TailRoot.local(r, pod)).toList();
    return () -> fixed;
  }

  private void startHttp() throws InterruptedException {
    httpLoop = QuietIoLoops.quiet(
        new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("raylog-http", true), NioIoHandler.newFactory()));
    http = HttpServer.start(httpLoop, config.server().address(), config.server().port(),
        StatusRoutes.get(registry, liveness, () -> ready, () -> StatusSnapshot.json(tailer.status(), budget,
            checkpointMetrics, config.sinks(), sinks.metrics(), new OptionalSections(
                kubernetes == null ? null : kubernetes.status(), tailer.spoolUsage(),
                retention == null ? null : retention.status(), reloads == null ? null : reloads.status()))),
        StatusRoutes.post(sinks.endpoints()), StatusRoutes.maxRequestBytes(sinks.endpoints()));
  }

  private void stopHttp() {
    if (http != null) {
      http.close();
    }
    httpLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private void startReading() {
    AtomicReference<Liveness.Beat> beat = new AtomicReference<>();
    tailThread = new Thread(() -> tailer.run(() -> {
      beat.get().beat(); // once per turn of the tail loop
      return running;
    }), "raylog-tail");
    beat.set(liveness.register("tail", tailThread));
    tailThread.start();
  }

  /**
   * Stops reading, then drains: the records read are flushed to the sinks and their acknowledgements awaited, within
   * {@code shutdown_timeout}; what is not acknowledged by then is read again at the next start.
   */
  private void stopReadingAndDrain() throws InterruptedException {
    long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
    running = false;
    tailer.wake();
    tailThread.join(Math.max(1, config.shutdownTimeout().toMillis()));
    if (parseThread != null) {
      parseThread.execute(sinks::flush); // behind the records still waiting on the parse thread
    } else {
      sinks.flush();
    }
    while (budget.usedBytes() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    if (budget.usedBytes() > 0) {
      log.warn("shutdown timeout: {} bytes of records were not acknowledged; they will be read again at the next start",
          budget.usedBytes());
    }
  }

  private void announceReady() {
    ready = true;
    log.info("raylog started: {} root(s), {} sink(s), state in {}{}", roots.get().size(), config.sinks().size(),
        config.stateDir(), http == null ? "" : ", http on " + config.server().address() + ":" + http.port());
  }

  /** Keeps tail.max_open_files below the descriptor limit, so that sockets and the sinks' files always have some. */
  private static TailSettings withDescriptorLimit(TailSettings settings) {
    long limit = -1;
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      limit = unix.getMaxFileDescriptorCount();
    }
    int allowed = OpenFileBudget.allowed(settings.maxOpenFiles(), limit);
    if (allowed < settings.maxOpenFiles()) {
      log.info("tail.max_open_files is {} but the process may open only {} descriptors ({} kept for sockets and"
              + " sinks); holding at most {} file descriptors at once. Every file is still followed: idle ones"
              + " release theirs.", settings.maxOpenFiles(), limit, OpenFileBudget.RESERVED, allowed);
      return settings.withMaxOpenFiles(allowed);
    }
    log.info("holding up to {} file descriptors at once (descriptor limit {})", allowed, limit);
    return settings;
  }

  /**
   * Hands a chunk of records from the tail thread on: through the parse thread, when lines are parsed. The chunk is
   * counted against the memory limit here, on the tail thread, so that the records waiting for the parse thread
   * pause reading like any others.
   */
  private void publish(RecordChunk chunk) {
    acknowledgements.published(chunk);
    if (parseThread == null) {
      sinks.deliver(chunk);
      return;
    }
    parseThread.execute(() -> {
      for (int i = 0, n = chunk.size(); i < n; i++) {
        LogRecord record = chunk.get(i);
        try {
          record.parse(recordParser);
        } catch (RuntimeException e) {
          // A parser's bug must not stall the pipeline: the record goes on as read, its text whole, nothing lost.
          log.error("parsing a record of {} at offset {} failed; shipped as read: {}", record.source.containerPath(),
              record.offset, e.toString());
        }
        if (redactor != null) {
          redact(record);
        }
      }
      sinks.deliver(chunk);
    });
  }

  /** On the parse thread. A record redaction fails on is shipped without its text: a secret must not leave. */
  private void redact(LogRecord record) {
    try {
      record.redact(redactor);
    } catch (RuntimeException e) {
      log.error("redacting a record of {} at offset {} failed; shipped without its message and fields: {}",
          record.source.containerPath(), record.offset, e.toString());
      record.redacted(REDACTION_FAILED, new byte[0], 0, 0);
    }
  }

  private static final byte[] REDACTION_FAILED =
      "[REDACTED:redaction_failed]".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private void registerPipelineGauges() {
    Gauge.builder("raylog_pipeline_memory_bytes", budget, MemoryBudget::usedBytes)
        .description("Bytes of records read but not yet acknowledged by every sink").register(registry);
    Gauge.builder("raylog_pipeline_memory_limit_bytes", budget, MemoryBudget::limitBytes)
        .description("The configured pipeline.memory_limit").register(registry);
    Gauge.builder("raylog_reading_paused", budget, b -> b.paused() ? 1 : 0)
        .description("1 while reading is paused because the memory limit is reached (sinks behind)").register(registry);
    Gauge.builder("raylog_files_watched", tailer, Tailer::openFiles)
        .description("Files followed, holding a descriptor or released").register(registry);
    Gauge.builder("raylog_files_released", tailer, Tailer::releasedFiles)
        .description("Followed files whose descriptor is released (idle and read to their end); reopened when they"
            + " change").register(registry);
    Gauge.builder("raylog_lag_bytes", tailer, t -> t.lag().totalBytes())
        .description("Bytes written to followed files but not yet acknowledged by every sink").register(registry);
    Gauge.builder("raylog_lag_max_file_bytes", tailer, t -> t.lag().largestFileBytes())
        .description("The lag of the file that is furthest behind").register(registry);
    Gauge.builder("raylog_spool_bytes", tailer, t -> t.spoolUsage().bytes())
        .description("Bytes of copies of deleted files in the spool, not yet acknowledged by every sink")
        .register(registry);
    Gauge.builder("raylog_spool_files", tailer, t -> t.spoolUsage().files())
        .description("Copies of deleted files in the spool").register(registry);
    Gauge.builder("raylog_spool_max_bytes", tailer, t -> t.spoolUsage().maxBytes())
        .description("The configured spool.max_bytes").register(registry);
    Gauge.builder("raylog_spool_oldest_age_seconds", tailer, t -> {
      long oldest = t.spoolUsage().oldestCreatedMillis();
      return oldest == 0 ? 0 : Math.max(0, System.currentTimeMillis() - oldest) / 1000.0;
    }).description("Age of the oldest copy in the spool (0 when it is empty)").register(registry);
  }
}
