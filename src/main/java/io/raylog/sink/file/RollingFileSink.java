package io.raylog.sink.file;

import io.raylog.config.SinkConfig;
import io.raylog.sink.ByteSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * NDJSON into a local file, appended, rolled by size into {@code path.1 … path.N} (newest first, as logrotate
 * does), keeping {@code maxFiles} rolled files. With {@code fsync: batch} every batch is forced to the disk before it
 * is acknowledged; with {@code never} it is acknowledged once write(2) returned, which survives a crash of raylog but
 * not of the machine. Used from the sink's event loop thread only.
 */
public final class RollingFileSink implements ByteSink {
  private final Path path;
  private final RollPolicy policy;
  private final int maxFiles;
  private final boolean fsyncEachBatch;
  private FileChannel channel;
  private long size;

  public RollingFileSink(SinkConfig.File config) throws IOException {
    this.path = config.path().toAbsolutePath();
    this.policy = new RollPolicy(config.maxFileBytes());
    this.maxFiles = config.maxFiles();
    this.fsyncEachBatch = config.fsync() == SinkConfig.Fsync.BATCH;
    Path parent = path.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    open();
  }

  @Override
  public void write(ByteBuffer content) throws IOException {
    if (channel == null) {
      open(); // a previous roll failed half-way; try again
    }
    if (policy.rollBefore(size, content.remaining())) {
      roll();
    }
    while (content.hasRemaining()) {
      size += channel.write(content);
    }
  }

  @Override
  public void commit() throws IOException {
    if (fsyncEachBatch && channel != null) {
      channel.force(false);
    }
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  private void open() throws IOException {
    channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    size = channel.size();
  }

  private void roll() throws IOException {
    channel.force(false);
    close();
    if (maxFiles == 0) {
      Files.deleteIfExists(path);
    } else {
      Files.deleteIfExists(rolled(maxFiles));
      for (int i = maxFiles - 1; i >= 1; i--) {
        Path from = rolled(i);
        if (Files.exists(from)) {
          Files.move(from, rolled(i + 1), StandardCopyOption.ATOMIC_MOVE);
        }
      }
      Files.move(path, rolled(1), StandardCopyOption.ATOMIC_MOVE);
    }
    open();
  }

  private Path rolled(int index) {
    return path.resolveSibling(path.getFileName() + "." + index);
  }
}
