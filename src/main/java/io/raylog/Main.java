package io.raylog;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.raylog.checkpoint.CheckpointSource;
import io.raylog.checkpoint.CheckpointStore;
import io.raylog.checkpoint.Checkpointer;
import io.raylog.config.RaylogConfig;
import io.raylog.config.SinkConfig;
import io.raylog.discovery.KubernetesDiscovery;
import io.raylog.enrich.EnvironmentPodMetadata;
import io.raylog.metrics.CheckpointMetrics;
import io.raylog.metrics.DiscoveryMetrics;
import io.raylog.metrics.ProcessMetrics;
import io.raylog.metrics.SinkMetrics;
import io.raylog.metrics.TailMetrics;
import io.raylog.parse.RecordParser;
import io.raylog.pipeline.Acknowledgements;
import io.raylog.pipeline.Batcher;
import io.raylog.pipeline.BatchingHandler;
import io.raylog.pipeline.FlushRequest;
import io.raylog.pipeline.MemoryBudget;
import io.raylog.pipeline.RecordChunk;
import io.raylog.record.LogRecord;
import io.raylog.record.PodMetadata;
import io.raylog.sink.DeliveryStages;
import io.raylog.sink.RetryBackoff;
import io.raylog.sink.SinkContext;
import io.raylog.sink.SinkEndpoint;
import io.raylog.sink.SinkGuard;
import io.raylog.sink.SinkStage;
import io.raylog.sink.catalog.SinkTypes;
import io.raylog.status.HttpServer;
import io.raylog.status.Liveness;
import io.raylog.status.StatusPage;
import io.raylog.status.StatusSnapshot;
import io.raylog.tail.DirectoryWatcher;
import io.raylog.tail.OpenFileBudget;
import io.raylog.tail.TailRoot;
import io.raylog.tail.TailSettings;
import io.raylog.tail.Tailer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where raylog's stages are wired together: discovery and tailing, the per-sink Netty pipelines,
 * acknowledgements and checkpoints, metrics and the HTTP endpoints. {@link #close} drains: stop reading, flush
 * the open batches, wait for the sinks' acknowledgements, write the checkpoints, release everything.
 */
public final class Main implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private final RaylogConfig config;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<Channel> sinkInputs = new ArrayList<>();
  private final List<Channel> sinkServers = new ArrayList<>();
  private final List<SinkMetrics> sinkMetrics = new ArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private EventLoopGroup sinkLoops;
  private EventLoopGroup httpLoop;
  private EventLoopGroup networkLoops;
  /** The parse thread, when lines are parsed; {@link #recordParser} is used on it only. */
  private EventLoopGroup parseLoop;
  private EventExecutor parseThread;
  private RecordParser recordParser;
  private HttpServer http;
  /** POST endpoints the sinks serve (the history sink's event export), by path: the first sink's wins. */
  private final Map<String, SinkEndpoint> sinkEndpoints = new LinkedHashMap<>();
  private Checkpointer checkpointer;
  private CheckpointMetrics checkpointMetrics;
  private MemoryBudget budget;
  private volatile Tailer tailer;
  private KubernetesDiscovery kubernetes;
  private DirectoryWatcher watcher;
  private Thread tailThread;
  private final Liveness liveness = new Liveness(Liveness.STALL_LIMIT, System::nanoTime);
  private volatile boolean running = true;
  private volatile boolean ready;
  private boolean closing;

  private Main(RaylogConfig config) {
    this.config = config;
  }

  /** Starts every stage; throws with a clear message when something the configuration names is unusable. */
  public static Main start(RaylogConfig config) throws Exception {
    Main main = new Main(config);
    try {
      main.startStages();
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

  private void startStages() throws Exception {
    ProcessMetrics.bindTo(registry);

    checkpointMetrics = new CheckpointMetrics(registry);
    checkpointer = new Checkpointer(new CheckpointStore(config.stateDir()), config.checkpoint().interval(),
        checkpointMetrics, System::nanoTime);
    CheckpointStore.Loaded loaded = checkpointer.load();

    List<SinkConfig> sinks = config.sinks();
    budget = new MemoryBudget(config.pipeline().memoryLimitBytes(), () -> tailer.wake());
    Acknowledgements acknowledgements = new Acknowledgements(sinks.size(), budget);
    acknowledgements.onProgress(checkpointer::journalChanges);
    sinkLoops = new DefaultEventLoopGroup(sinks.size(), new DefaultThreadFactory("raylog-sink", true));
    RaylogConfig.Batch batch = config.pipeline().batch();
    RetryBackoff backoff = DeliveryStages.defaultLocalBackoff();
    String instance = UUID.randomUUID().toString();
    long maxMessageBytes = Math.max(config.tail().maxLineBytes(), config.parse().multilineMaxBytes());
    for (int i = 0; i < sinks.size(); i++) {
      SinkConfig sink = sinks.get(i);
      int index = i;
      SinkMetrics metrics = new SinkMetrics(registry, sink.name(), SinkTypes.typeName(sink));
      sinkMetrics.add(metrics);
      SinkStage stage =
          SinkTypes.open(sink, new SinkContext(index, acknowledgements, metrics, this::networkLoops, backoff,
              maxMessageBytes, config.stateDir()));
      SinkEndpoint endpoint = stage.endpoint();
      if (endpoint != null && sinkEndpoints.putIfAbsent(endpoint.path(), endpoint) != null) {
        log.info("sink {}: {} is served by an earlier sink already", sink.name(), endpoint.path());
      }
      SinkGuard guard = new SinkGuard(sink.name(), index, acknowledgements, metrics);
      LocalAddress address = new LocalAddress("raylog-" + instance + "-sink-" + i);
      Channel server = new ServerBootstrap()
          .group(sinkLoops)
          .channel(LocalServerChannel.class)
          .childHandler(new ChannelInitializer<LocalChannel>() {
            @Override
            protected void initChannel(LocalChannel channel) {
              ChannelPipeline pipeline = channel.pipeline();
              pipeline.addLast("batch", new BatchingHandler(new Batcher(batch.maxRecords(), batch.maxBytes(), batch.linger().toNanos())));
              guard.around(pipeline, stage); // "guard", the sink's "deliver" (and its own), "failures"
            }
          })
          .bind(address).sync().channel();
      sinkServers.add(server);
      Channel input = new Bootstrap()
          .group(sinkLoops)
          .channel(LocalChannel.class)
          .handler(new ChannelInboundHandlerAdapter())
          .connect(address).sync().channel();
      sinkInputs.add(input);
    }

    TailMetrics tailMetrics = new TailMetrics(registry);
    TailSettings tailSettings = withDescriptorLimit(TailSettings.from(config));
    if (tailSettings.parse().enabled()) {
      // Parsing costs more than reading and splitting: on a thread of its own, the two run side by side.
      parseLoop = new DefaultEventLoopGroup(1, new DefaultThreadFactory("raylog-parse", true));
      parseThread = parseLoop.next();
      recordParser = new RecordParser(tailSettings.parse());
      liveness.watch("parse thread", parseLoop);
    }
    Supplier<List<TailRoot>> roots = discoveryRoots();
    tailer = new Tailer(roots, tailSettings, loaded.checkpoints(), loaded.firstStart(),
        chunk -> publish(acknowledgements, chunk), budget, sinks.size(), tailMetrics,
        System::nanoTime, System::currentTimeMillis);
    watcher = new DirectoryWatcher(tailer::onDirectoryEvent, tailMetrics);
    tailer.watchDirectoriesWith(watcher::watch, watcher::reportsChanges);
    tailer.checkpointSoonWith(checkpointer::journalChanges);
    checkpointer.start(CheckpointSource.of(tailer::forEachCheckpoint, tailer::changedCheckpoints));
    watcher.start();
    registerPipelineGauges();
    if (kubernetes != null) {
      kubernetes.start(KubernetesDiscovery.SYNC_TIMEOUT); // before the first scan, so that it knows every pod
    }

    liveness.watch("sink event loop", sinkLoops);
    AtomicReference<Liveness.Beat> tailBeat = new AtomicReference<>();
    tailThread = new Thread(() -> tailer.run(() -> {
      tailBeat.get().beat(); // once per turn of the tail loop
      return running;
    }), "raylog-tail");
    tailBeat.set(liveness.register("tail", tailThread));
    tailThread.start();

    if (config.server().enabled()) {
      httpLoop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("raylog-http", true), NioIoHandler.newFactory());
      int maxRequestBytes = sinkEndpoints.values().stream().mapToInt(SinkEndpoint::maxRequestBytes).max().orElse(64 * 1024);
      http = HttpServer.start(httpLoop, config.server().address(), config.server().port(), routes(), postRoutes(),
          maxRequestBytes);
    }
    ready = true;
    log.info("raylog started: {} root(s), {} sink(s), state in {}{}", roots.get().size(), sinks.size(), config.stateDir(),
        http == null ? "" : ", http on " + config.server().address() + ":" + http.port());
  }

  /**
   * Kubernetes mode: the roots follow the node's pods (issue 4). Static mode: the configured roots, with pod
   * metadata from environment variables when raylog runs as a sidecar.
   */
  private Supplier<List<TailRoot>> discoveryRoots() {
    RaylogConfig.KubernetesDiscovery k8s = config.discovery().kubernetes();
    if (k8s != null) {
      kubernetes = KubernetesDiscovery.fromEnvironment(k8s, new DiscoveryMetrics(registry), () -> {
        Tailer current = tailer;
        if (current != null) {
          current.rescanSoon();
        }
      });
      return kubernetes::roots;
    }
    PodMetadata pod = EnvironmentPodMetadata.from(System.getenv());
    List<TailRoot> fixed = config.discovery().staticRoots().roots().stream().map(r -> TailRoot.local(r, pod)).toList();
    return () -> fixed;
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
  private void publish(Acknowledgements acknowledgements, RecordChunk chunk) {
    acknowledgements.published(chunk);
    if (parseThread == null) {
      deliver(chunk);
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
      }
      deliver(chunk);
    });
  }

  private void deliver(RecordChunk chunk) {
    for (Channel input : sinkInputs) {
      input.writeAndFlush(chunk, input.voidPromise());
    }
  }

  /** The I/O event loop of the network sinks' connections, created when the first network sink opens. */
  private synchronized EventLoopGroup networkLoops() {
    if (networkLoops == null) {
      networkLoops = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("raylog-net", true), NioIoHandler.newFactory());
      liveness.watch("network event loop", networkLoops);
    }
    return networkLoops;
  }

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
  }

  /** The sinks' POST endpoints as HTTP routes. */
  private Map<String, HttpServer.PostRoute> postRoutes() {
    Map<String, HttpServer.PostRoute> posts = new LinkedHashMap<>();
    sinkEndpoints.forEach((path, endpoint) -> posts.put(path, (query, body) -> {
      SinkEndpoint.Answer answer = endpoint.post(query, body);
      return new HttpServer.Response(answer.status(), "text/plain; charset=utf-8", answer.body(),
          answer.retryAfterSeconds());
    }));
    return posts;
  }

  private Map<String, Supplier<HttpServer.Response>> routes() {
    Map<String, Supplier<HttpServer.Response>> routes = new LinkedHashMap<>();
    routes.put("/", () -> new HttpServer.Response(200, "text/html; charset=utf-8", StatusPage.html()));
    routes.put("/metrics", () -> new HttpServer.Response(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    routes.put("/healthz", () -> liveness.problem().map(problem -> HttpServer.Response.text(503, problem + "\n"))
        .orElse(HttpServer.Response.text(200, "ok\n")));
    routes.put("/readyz", () -> ready ? HttpServer.Response.text(200, "ready\n") : HttpServer.Response.text(503, "starting\n"));
    routes.put("/status", () -> new HttpServer.Response(200, "application/json",
        StatusSnapshot.json(tailer.status(), budget, checkpointMetrics, config.sinks(), sinkMetrics,
            kubernetes == null ? null : kubernetes.status())));
    return routes;
  }

  /** Drains and stops; idempotent. */
  @Override
  public synchronized void close() {
    if (closing) {
      return;
    }
    closing = true;
    long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
    running = false;
    try {
      if (tailThread != null) {
        tailer.wake();
        tailThread.join(Math.max(1, config.shutdownTimeout().toMillis()));
      }
      // Behind the records still waiting on the parse thread, if any.
      Runnable flushSinks = () -> sinkInputs.forEach(input -> input.writeAndFlush(FlushRequest.INSTANCE));
      if (parseThread != null) {
        parseThread.execute(flushSinks);
      } else {
        flushSinks.run();
      }
      while (budget != null && budget.usedBytes() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      if (budget != null && budget.usedBytes() > 0) {
        log.warn("shutdown timeout: {} bytes of records were not acknowledged; they will be read again at the next start",
            budget.usedBytes());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (checkpointer != null) {
      checkpointer.close(); // the last snapshot: everything acknowledged during the drain
    }
    if (http != null) {
      http.close();
    }
    if (watcher != null) {
      watcher.close();
    }
    if (kubernetes != null) {
      kubernetes.close();
    }
    sinkInputs.forEach(input -> input.close().syncUninterruptibly()); // before the loops stop: a local channel closes its peer on the peer's loop
    sinkServers.forEach(server -> server.close().syncUninterruptibly());
    if (parseLoop != null) {
      parseLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
    if (sinkLoops != null) {
      sinkLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
    if (networkLoops != null) {
      networkLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
    if (httpLoop != null) {
      httpLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
    if (tailer != null) {
      tailer.closeAll();
    }
    registry.close();
    log.info("raylog stopped");
    closed.countDown();
  }
}
