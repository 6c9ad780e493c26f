package io.raylog;

import io.micrometer.core.instrument.MeterRegistry;
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
import io.raylog.config.RaylogConfig;
import io.raylog.config.SinkConfig;
import io.raylog.metrics.SinkMetrics;
import io.raylog.pipeline.Acknowledgements;
import io.raylog.pipeline.Batcher;
import io.raylog.pipeline.BatchingHandler;
import io.raylog.pipeline.FlushRequest;
import io.raylog.pipeline.RecordChunk;
import io.raylog.sink.DeliveryStages;
import io.raylog.sink.RetryBackoff;
import io.raylog.sink.SinkContext;
import io.raylog.sink.SinkEndpoint;
import io.raylog.sink.SinkGuard;
import io.raylog.sink.SinkStage;
import io.raylog.sink.catalog.SinkTypes;
import io.raylog.status.Liveness;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Netty pipeline per configured sink: a local channel that takes record chunks, batches them and hands the
 * batches to the sink's stages (its guard, its delivery and its own), on event loops of their own; the network sinks
 * share one I/O event loop, created with the first of them.
 */
final class SinkPipelines {
  private static final Logger log = LoggerFactory.getLogger(SinkPipelines.class);

  private final List<Channel> inputs = new ArrayList<>();
  private final List<Channel> servers = new ArrayList<>();
  private final List<SinkMetrics> metrics = new ArrayList<>();
  /** POST endpoints the sinks serve (the history sink's event export), by path: the first sink's wins. */
  private final Map<String, SinkEndpoint> endpoints = new LinkedHashMap<>();
  private final Liveness liveness;
  private EventLoopGroup sinkLoops;
  private EventLoopGroup networkLoops;

  SinkPipelines(Liveness liveness) {
    this.liveness = liveness;
  }

  /** Opens every sink and its pipeline; throws with the sink's name when one cannot be used. */
  void start(RaylogConfig config, Acknowledgements acknowledgements, MeterRegistry registry)
      throws java.io.IOException, InterruptedException {
    List<SinkConfig> sinks = config.sinks();
    sinkLoops = new DefaultEventLoopGroup(sinks.size(), new DefaultThreadFactory("raylog-sink", true));
    liveness.watch("sink event loop", sinkLoops);
    RaylogConfig.Batch batch = config.pipeline().batch();
    RetryBackoff backoff = DeliveryStages.defaultLocalBackoff();
    String instance = UUID.randomUUID().toString();
    long maxMessageBytes = Math.max(config.tail().maxLineBytes(), config.parse().multilineMaxBytes());
    for (int index = 0; index < sinks.size(); index++) {
      SinkConfig sink = sinks.get(index);
      SinkMetrics sinkMetrics = new SinkMetrics(registry, sink.name(), SinkTypes.typeName(sink));
      metrics.add(sinkMetrics);
      SinkStage stage = SinkTypes.open(sink, new SinkContext(index, acknowledgements, sinkMetrics, this::networkLoops,
          backoff, maxMessageBytes, config.stateDir()));
      SinkEndpoint endpoint = stage.endpoint();
      if (endpoint != null && endpoints.putIfAbsent(endpoint.path(), endpoint) != null) {
        log.info("sink {}: {} is served by an earlier sink already", sink.name(), endpoint.path());
      }
      SinkGuard guard = new SinkGuard(sink.name(), index, acknowledgements, sinkMetrics);
      LocalAddress address = new LocalAddress("raylog-" + instance + "-sink-" + index);
      servers.add(new ServerBootstrap()
          .group(sinkLoops)
          .channel(LocalServerChannel.class)
          .childHandler(new ChannelInitializer<LocalChannel>() {
            @Override
            protected void initChannel(LocalChannel channel) {
              ChannelPipeline pipeline = channel.pipeline();
              pipeline.addLast("batch", new BatchingHandler(
                  new Batcher(batch.maxRecords(), batch.maxBytes(), batch.linger().toNanos())));
              guard.around(pipeline, stage); // "guard", the sink's "deliver" (and its own), "failures"
            }
          })
          .bind(address).sync().channel());
      inputs.add(new Bootstrap()
          .group(sinkLoops)
          .channel(LocalChannel.class)
          .handler(new ChannelInboundHandlerAdapter())
          .connect(address).sync().channel());
    }
  }

  /** Hands a chunk to every sink. */
  void deliver(RecordChunk chunk) {
    for (Channel input : inputs) {
      input.writeAndFlush(chunk, input.voidPromise());
    }
  }

  /** Asks every sink to send its open batch now, behind what was delivered before. */
  void flush() {
    inputs.forEach(input -> input.writeAndFlush(FlushRequest.INSTANCE));
  }

  List<SinkMetrics> metrics() {
    return Collections.unmodifiableList(metrics);
  }

  Map<String, SinkEndpoint> endpoints() {
    return Collections.unmodifiableMap(endpoints);
  }

  /** Closes the pipelines and their event loops; what they held was acknowledged or will be read again. */
  void stop() {
    EventLoopGroup network;
    synchronized (this) {
      network = networkLoops;
    }
    inputs.forEach(input -> input.close().syncUninterruptibly()); // before the loops stop: a local channel closes its peer on the peer's loop
    servers.forEach(server -> server.close().syncUninterruptibly());
    for (EventLoopGroup loops : new EventLoopGroup[] {sinkLoops, network}) {
      if (loops != null) {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      }
    }
  }

  /** The I/O event loop of the network sinks' connections, created when the first network sink opens. */
  private synchronized EventLoopGroup networkLoops() {
    if (networkLoops == null) {
      networkLoops = QuietIoLoops.quiet(
          new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("raylog-net", true), NioIoHandler.newFactory()));
      liveness.watch("network event loop", networkLoops);
    }
    return networkLoops;
  }
}
