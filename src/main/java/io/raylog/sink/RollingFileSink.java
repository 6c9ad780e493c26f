package io.raylog.sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.LoggerFactory;

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

  /**
   * @param maxFileBytes roll when the next write would make the file larger than this; 0 never rolls
   * @param maxFiles how many rolled files are kept beside the active one
   * @param fsyncEachBatch whether {@link #commit} forces the written bytes to the disk
   */
  public RollingFileSink(Path path, long maxFileBytes, int maxFiles, boolean fsyncEachBatch) throws IOException {
    this.path = path.toAbsolutePath();
    this.policy = new RollPolicy(maxFileBytes);
    this.maxFiles = maxFiles;
    this.fsyncEachBatch = fsyncEachBatch;
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
    removeTornRecord();
    channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    size = channel.size();
  }

  /**
   * A crash in the middle of a write can leave a partial record at the end of the file. It belongs to a batch that
   * was never acknowledged (a batch is acknowledged only after all of it is written), so it will be written again
   * whole: cut the file back to its last newline, so that every line stays one JSON object.
   */
  private void removeTornRecord() throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long end = file.size();
      long keep = end;
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      while (keep > 0) {
        long from = Math.max(0, keep - buffer.capacity());
        buffer.clear().limit((int) (keep - from));
        file.read(buffer, from);
        int i = buffer.position() - 1;
        while (i >= 0 && buffer.get(i) != '\n') {
          i--;
        }
        if (i >= 0) {
          keep = from + i + 1;
          break;
        }
        keep = from;
      }
      if (keep < end) {
        file.truncate(keep);
        LoggerFactory.getLogger(RollingFileSink.class).warn(
            "{}: removed {} bytes of a record cut short by a crash; it will be written again", path, end - keep);
      }
    }
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
