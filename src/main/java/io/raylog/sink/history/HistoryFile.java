package io.raylog.sink.history;

import io.raylog.record.SourceFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * One followed file (one generation of it) as the history sink uploads it: where it is, the object that mirrors it,
 * how many of its bytes that object holds, and a descriptor of its own, so that a file renamed or deleted after its
 * records were read is still uploaded whole. Confined to the history sink's thread.
 */
final class HistoryFile {
  /** How many first bytes identify a file's content in its object's metadata (with its device and inode). */
  static final int HEAD_CHECK_BYTES = 4096;

  final String fileId;
  final Path logsDir;
  SourceFile source;
  Path hostPath;
  String relativePath;
  /** The key of its node's {@code logs/} directory; null until its node id is known. */
  String logsKey;
  /** The key of its object ({@code logsKey/relativePath}); null until its node id is known. */
  String key;
  /** The key of the object that holds its first {@link #storedBytes}: {@link #key}, or its former name. */
  String copySourceKey;
  /** Bytes of the file its object holds; -1 until asked from the store. */
  long storedBytes = -1;
  /** The highest end offset of a record the sink was sent: what must be uploaded before the send is answered. */
  long wantedBytes;
  long lastUploadNanos = Long.MIN_VALUE;
  long lastRecordNanos;
  /** Its records were sent again after a failed upload: upload at once. */
  boolean urgent;
  private FileChannel channel;

  HistoryFile(SourceFile source, long nowNanos) {
    this.source = source;
    this.fileId = source.hostFileId();
    this.hostPath = source.hostPath();
    this.relativePath = source.relativePath();
    this.logsDir = logsDirOf(source.hostPath(), source.relativePath());
    this.lastRecordNanos = nowNanos;
  }

  /** A file no record has named (found by {@link UntrackedFiles}), to be uploaded as it is. */
  HistoryFile(Path hostPath, String relativePath, String fileId, Path logsDir) {
    this.fileId = fileId;
    this.hostPath = hostPath;
    this.relativePath = relativePath;
    this.logsDir = logsDir;
  }

  static Path logsDirOf(Path hostPath, String relativePath) {
    Path dir = hostPath;
    for (int i = 0, n = relativePath.split("/").length; i < n && dir != null; i++) {
      dir = dir.getParent();
    }
    return dir;
  }

  boolean dirty() {
    return storedBytes < 0 || storedBytes < wantedBytes;
  }

  /** Opens the descriptor, once: the file must still be the one the records came from. */
  FileChannel channel() throws IOException {
    if (channel == null) {
      FileChannel opened = FileChannel.open(hostPath, StandardOpenOption.READ);
      String opened_id;
      try {
        opened_id = FileIds.of(hostPath);
      } catch (IOException e) {
        opened.close();
        throw e;
      }
      if (!opened_id.equals(fileId)) {
        opened.close();
        throw new IOException(hostPath + " is another file now (" + opened_id + ", not " + fileId + ")");
      }
      channel = opened;
    }
    return channel;
  }

  boolean open() {
    return channel != null;
  }

  /** Reads bytes {@code [from, to)}; the file holds them (it only grows while followed). */
  byte[] read(long from, long to) throws IOException {
    byte[] bytes = new byte[Math.toIntExact(to - from)];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    FileChannel file = channel();
    while (buffer.hasRemaining()) {
      int read = file.read(buffer, from + buffer.position());
      if (read < 0) {
        throw new IOException(hostPath + " is shorter than " + to + " bytes (truncated)");
      }
    }
    return bytes;
  }

  /** The CRC-32 of the first {@code length} bytes, as hex. */
  String headCrc(long length) throws IOException {
    CRC32 crc = new CRC32();
    crc.update(read(0, length));
    return Long.toHexString(crc.getValue());
  }

  void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing held any more
      }
      channel = null;
    }
  }
}
