package io.raylog.sink.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.raylog.config.SinkConfig;
import io.raylog.metrics.SinkMetrics;
import io.raylog.parse.ParseEvents;
import io.raylog.parse.ParseSettings;
import io.raylog.parse.RecordAssembler;
import io.raylog.parse.RecordParser;
import io.raylog.pipeline.Acknowledgements;
import io.raylog.pipeline.Batcher;
import io.raylog.pipeline.BatchingHandler;
import io.raylog.pipeline.FlushRequest;
import io.raylog.pipeline.MemoryBudget;
import io.raylog.pipeline.RecordChunk;
import io.raylog.pipeline.TestRecords;
import io.raylog.record.FileProgress;
import io.raylog.record.LogRecord;
import io.raylog.record.SourceFile;
import io.raylog.sink.DeliveryStages;
import io.raylog.sink.SinkContext;
import io.raylog.sink.SinkGuard;
import io.raylog.sink.SinkStage;
import io.raylog.sink.catalog.SinkTypes;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One network sink wired as raylog wires it (a sink event loop, the batching stage, the sink's stages, the shared
 * I/O loop, real acknowledgements and a file's progress), fed with records of one file. Tests read the file's
 * committed offset (what a checkpoint would store) and the memory still held.
 */
public final class NetworkSinkHarness implements AutoCloseable {
  private final EventLoopGroup sinkLoop = new DefaultEventLoopGroup(1);
  private final EventLoopGroup io = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final MemoryBudget budget = new MemoryBudget(1L << 40, () -> {});
  private final Acknowledgements acknowledgements = new Acknowledgements(1, budget);
  private final FileProgress progress = new FileProgress(1, 0);
  private final List<LogRecord> published = new ArrayList<>();
  public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Channel server;
  private final Channel input;
  private long nextOffset;

  public NetworkSinkHarness(SinkConfig sink, int batchRecords) throws Exception {
    SinkMetrics metrics = new SinkMetrics(registry, sink.name(), SinkTypes.typeName(sink));
    SinkStage stage = SinkTypes.open(sink,
        new SinkContext(0, acknowledgements, metrics, () -> io, DeliveryStages.defaultLocalBackoff(),
            1 << 20, // the default tail.max_line_bytes and parse.multiline_max_bytes
            Files.createTempDirectory("raylog-harness-state")));
    LocalAddress address = new LocalAddress("harness-" + UUID.randomUUID());
    server = new ServerBootstrap().group(sinkLoop).channel(LocalServerChannel.class)
        .childHandler(new ChannelInitializer<LocalChannel>() {
          @Override
          protected void initChannel(LocalChannel channel) {
            channel.pipeline().addLast("batch",
                new BatchingHandler(new Batcher(batchRecords, 1L << 30, TimeUnit.MILLISECONDS.toNanos(20))));
            new SinkGuard(sink.name(), 0, acknowledgements, metrics).around(channel.pipeline(), stage);
          }
        }).bind(address).sync().channel();
    input = new Bootstrap().group(sinkLoop).channel(LocalChannel.class).handler(new ChannelInboundHandlerAdapter())
        .connect(address).sync().channel();
  }

  /** Publishes one read of the file holding these lines, as the tail thread does. */
  public List<LogRecord> publish(String... messages) {
    return publish(TestRecords.SOURCE, null, messages);
  }

  /**
   * Publishes lines read under {@code source} (the same file's progress: as if renamed), with these line times
   * (null: unknown, the observed time is used).
   */
  public synchronized List<LogRecord> publish(SourceFile source, long[] timesMillis, String... messages) {
    RecordChunk chunk = new RecordChunk(messages.length);
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < messages.length; i++) {
      String message = messages[i];
      long end = nextOffset + message.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
      LogRecord record = LogRecord.of(source, progress, nextOffset, end, 1_764_064_800_123L,
          timesMillis == null ? LogRecord.UNKNOWN_TIME : timesMillis[i], message, false);
      record.idSeed = record.seedFromOwnBytes(); // as the tail thread does; none when the source has no identity
      nextOffset = record.endOffset;
      chunk.add(record);
      records.add(record);
    }
    published.addAll(records);
    acknowledgements.published(chunk);
    input.writeAndFlush(chunk);
    return records;
  }

  /** Publishes lines of a file as raylog's parsers make records of them (time, severity, fields). */
  public synchronized List<LogRecord> publishParsed(SourceFile source, String... lines) {
    RecordAssembler assembler = new RecordAssembler(source,
        ParseSettings.defaults(), new ParseEvents() {}, null);
    List<LogRecord> records = new ArrayList<>();
    for (String line : lines) {
      byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      long end = nextOffset + bytes.length + 1;
      assembler.line(bytes, 0, bytes.length, nextOffset, end, false, 1_764_064_800_123L, progress, records::add);
      nextOffset = end;
    }
    assembler.flushTimedOut(records::add);
    RecordParser parser = new RecordParser(ParseSettings.defaults());
    records.forEach(record -> record.parse(parser)); // as the parse thread does
    RecordChunk chunk = new RecordChunk(records.size());
    records.forEach(chunk::add);
    published.addAll(records);
    acknowledgements.published(chunk);
    input.writeAndFlush(chunk);
    return records;
  }

  public void flush() {
    input.writeAndFlush(FlushRequest.INSTANCE);
  }

  /** Publishes pieces of a line longer than the maximum (records flagged split). */
  public synchronized void publishSplit(String... pieces) {
    RecordChunk chunk = new RecordChunk(pieces.length);
    for (String piece : pieces) {
      long end = nextOffset + piece.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      LogRecord record = LogRecord.of(TestRecords.SOURCE, progress, nextOffset, end, 1_764_064_800_123L,
          LogRecord.UNKNOWN_TIME, piece, true);
      nextOffset = end;
      chunk.add(record);
      published.add(record);
    }
    acknowledgements.published(chunk);
    input.writeAndFlush(chunk);
  }

  public synchronized List<LogRecord> published() {
    return List.copyOf(published);
  }

  /** The offset a checkpoint would store now. */
  public long committedOffset() {
    return progress.committedOffset();
  }

  /** The end of the last record published. */
  public synchronized long endOffset() {
    return nextOffset;
  }

  /**
   * The end offset of the longest prefix of published records whose messages are all in {@code delivered}: a
   * checkpoint must never pass it.
   */
  public synchronized long deliveredPrefixEnd(java.util.Collection<String> delivered) {
    long end = 0;
    for (LogRecord record : published) {
      if (!delivered.contains(record.message())) {
        break;
      }
      end = record.endOffset;
    }
    return end;
  }

  public long memoryHeld() {
    return budget.usedBytes();
  }

  public double counter(String name, String... tags) {
    var search = registry.find(name).tags(tags);
    return search.counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Override
  public void close() {
    input.close().syncUninterruptibly();
    server.close().syncUninterruptibly();
    sinkLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    io.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
