package io.raylog.sink;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.raylog.parse.RayFileNames;
import io.raylog.pipeline.Acknowledgements;
import io.raylog.pipeline.Batch;
import io.raylog.pipeline.MemoryBudget;
import io.raylog.pipeline.RecordChunk;
import io.raylog.pipeline.TestRecords;
import io.raylog.record.FileProgress;
import io.raylog.record.LogRecord;
import io.raylog.record.SourceFile;
import io.raylog.route.RecordFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A network sink's delivery stage as raylog runs it, for tests of a real {@link Transport} against a real server:
 * a {@link DeliveryHandler} on its own event loop, fed batches of records from files whose committed offsets the
 * test reads. Backoff is short (20 ms doubling to 200 ms) so outages end quickly in tests.
 */
public final class DeliveryRig implements AutoCloseable {
  public static final String SESSION = "session_2026-11-25_10-00-00_123456_1";

  public final MemoryBudget budget = new MemoryBudget(1L << 40, () -> {});
  public final Acknowledgements acknowledgements = new Acknowledgements(1, budget);
  private final DefaultEventLoopGroup loop = new DefaultEventLoopGroup(1);
  private final Channel server;
  private final Channel input;
  private final Map<String, SourceFile> sources = new HashMap<>();
  private final Map<String, FileProgress> progress = new HashMap<>();
  private final Map<String, Long> nextOffset = new HashMap<>();
  private long nextSequence;

  public DeliveryRig(Transport transport, int maxInFlight, DeadLetters deadLetters, SinkEvents events)
      throws InterruptedException {
    LocalAddress address = new LocalAddress("delivery-rig-" + UUID.randomUUID());
    RetryBackoff backoff = new RetryBackoff(TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(200));
    server = new ServerBootstrap().group(loop).channel(LocalServerChannel.class)
        .childHandler(new ChannelInitializer<LocalChannel>() {
          @Override
          protected void initChannel(LocalChannel channel) {
            channel.pipeline().addLast("deliver", new DeliveryHandler("test", 0, RecordFilter.ALL, transport,
                deadLetters, acknowledgements, maxInFlight, backoff, events));
          }
        })
        .bind(address).sync().channel();
    input = new Bootstrap().group(loop).channel(LocalChannel.class).handler(new ChannelInboundHandlerAdapter())
        .connect(address).sync().channel();
  }

  /** A record of {@code file} (relative to the session's logs/), at the file's next offset. */
  public LogRecord record(String file, String message) {
    SourceFile source = sources.computeIfAbsent(file, f -> new SourceFile(SESSION, f, RayFileNames.classify(f),
        "/tmp/ray/" + SESSION + "/logs/" + f));
    return next(source, file, message);
  }

  /** A record of {@code file} whose identity on the host is known, so that it has a stable id (log.id). */
  public LogRecord identifiedRecord(String file, String message) {
    SourceFile source = sources.computeIfAbsent(file, f -> new SourceFile(SESSION, f, RayFileNames.classify(f),
        "/tmp/ray/" + SESSION + "/logs/" + f, null, false, null, "2049:" + Math.abs(f.hashCode())));
    LogRecord record = next(source, file, message);
    record.idSeed = record.seedFromOwnBytes();
    return record;
  }

  private LogRecord next(SourceFile source, String file, String message) {
    FileProgress fileProgress = progress.computeIfAbsent(file, f -> new FileProgress(1, 0));
    long offset = nextOffset.getOrDefault(file, 0L);
    LogRecord record = LogRecord.of(source, fileProgress, offset, offset + message.length() + 1,
        1_764_064_800_123L + offset, LogRecord.UNKNOWN_TIME, message, false);
    nextOffset.put(file, record.endOffset);
    return record;
  }

  /** Publishes the records as one batch to the delivery stage. */
  public Batch send(List<LogRecord> records) {
    RecordChunk chunk = new RecordChunk(records.size());
    records.forEach(chunk::add);
    acknowledgements.published(chunk);
    Batch batch = TestRecords.batchOf(nextSequence++, records.toArray(LogRecord[]::new));
    input.writeAndFlush(batch);
    return batch;
  }

  /** Publishes {@code count} records of {@code file} as one batch; returns their messages. */
  public List<String> send(String file, String prefix, int count) {
    List<LogRecord> records = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String message = prefix + "-" + i;
      messages.add(message);
      records.add(record(file, message));
    }
    send(records);
    return messages;
  }

  /** How far the stage has acknowledged {@code file}. */
  public long committedOffset(String file) {
    FileProgress fileProgress = progress.get(file);
    return fileProgress == null ? 0 : fileProgress.committedOffset();
  }

  /** The end of the last record made for {@code file}. */
  public long endOffset(String file) {
    return nextOffset.getOrDefault(file, 0L);
  }

  /** Whether every record sent so far is acknowledged. */
  public boolean allAcknowledged() {
    return budget.usedBytes() == 0;
  }

  @Override
  public void close() throws InterruptedException {
    input.close().sync();
    server.close().sync();
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }
}
