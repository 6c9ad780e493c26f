package io.raylog.tail.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copies of deleted files not yet acknowledged by every sink, in a directory under {@code state_dir}, within a
 * disk budget ({@code spool.max_bytes}). A copy is made through the descriptor still held on the deleted file, so
 * the file's disk space is freed as soon as the copy is durable; the copies are read back like the files they
 * replace and deleted once every sink acknowledged them. Over the budget, the oldest copies are dropped (the caller
 * counts what of them was never shipped): the spool is the only place where a deleted file's bytes are dropped.
 *
 * <p>Thread-safety: every method is safe from any thread (the tail thread copies and removes; metrics and the status
 * page read {@link #usage}).
 */
public final class Spool {
  private static final Logger log = LoggerFactory.getLogger(Spool.class);

  private final Path directory;
  private final long maxBytes;
  private final SpoolEvents events;
  private final LongSupplier millisClock;
  /** The copies by id, which grows with time: the first is the oldest. */
  private final TreeMap<Long, SpoolFile> files = new TreeMap<>();
  private long bytes;
  private long lastId;

  /** @param maxBytes the disk budget of the copies' data; 0 turns spooling off (deleted files are drained as before) */
  public Spool(Path directory, long maxBytes, SpoolEvents events, LongSupplier millisClock) {
    this.directory = directory;
    this.maxBytes = maxBytes;
    this.events = events;
    this.millisClock = millisClock;
  }

  /** A spool that copies nothing (tests, and {@code spool.max_bytes: 0}). */
  public static Spool disabled() {
    return new Spool(null, 0, SpoolEvents.NONE, System::currentTimeMillis);
  }

  public boolean enabled() {
    return maxBytes > 0 && directory != null;
  }

  /**
   * Reads what the last run left, oldest first. A torn copy (raylog died while writing it, or the disk damaged it)
   * keeps its intact prefix up to its last complete line; what it lost is logged and counted
   * ({@code spool_torn}) once, and the prefix is kept as {@code <id>.salvaged}.
   */
  public synchronized List<SpoolFile> load() throws IOException {
    if (directory == null) {
      return List.of();
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      // A full state disk at start-up must not stop shipping: each copy tries again, and fails to its fallback.
      log.warn("cannot create the spool directory {} ({}); deleted files are drained through their descriptors"
          + " until it can be", directory, e.toString());
      return List.of();
    }
    List<Path> paths = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      entries.forEach(paths::add);
    }
    paths.sort(Comparator.comparing(Path::toString));
    for (Path path : paths) {
      String name = path.getFileName().toString();
      boolean salvaged = name.endsWith(SpoolFormat.SALVAGED_SUFFIX);
      if (!salvaged && !name.endsWith(SpoolFormat.COMPLETE_SUFFIX) && !name.endsWith(SpoolFormat.PARTIAL_SUFFIX)) {
        continue;
      }
      SpoolFile file = loadOne(path, salvaged);
      if (file != null) {
        files.put(file.header().id(), file);
        bytes += file.dataBytes();
        lastId = Math.max(lastId, file.header().id());
      }
    }
    if (enabled()) {
      for (SpoolFile dropped : dropOldestWhile(() -> bytes > maxBytes)) {
        events.dropped("spool_full", dropped.dataBytes()); // spool.max_bytes was lowered since it was copied
      }
    }
    if (!files.isEmpty()) {
      log.info("the spool {} holds {} copies of deleted files ({} bytes); shipping them", directory, files.size(), bytes);
    }
    return List.copyOf(files.values());
  }

  private SpoolFile loadOne(Path path, boolean salvaged) throws IOException {
    boolean renamedComplete = path.getFileName().toString().endsWith(SpoolFormat.COMPLETE_SUFFIX);
    SpoolReader.Read read = SpoolReader.read(path, renamedComplete);
    if (read.file() == null) {
      log.error("spool file {} has no intact header (raylog died as it began the copy); deleting it: the bytes of"
          + " that deleted file are lost", path);
      Files.deleteIfExists(path);
      return null;
    }
    SpoolFile file = read.file();
    if (salvaged || (!read.torn() && renamedComplete)) {
      return file;
    }
    if (!read.torn()) {
      // Written to its end and verified, not renamed yet when raylog died: nothing was lost.
      Path complete = directory.resolve(file.header().id() + SpoolFormat.COMPLETE_SUFFIX);
      Files.move(path, complete, StandardCopyOption.ATOMIC_MOVE);
      SpoolWriter.syncDirectory(directory);
      return SpoolReader.read(complete, true).file();
    }
    long lost = Math.max(0, file.header().expectedBytes() - file.dataBytes());
    log.error("spool file {} is torn (raylog died while copying {}, or the disk damaged it): keeping its first {}"
        + " bytes, up to its last complete line; {} bytes are lost", path, file.header().containerPath(),
        file.dataBytes(), lost);
    events.dropped("spool_torn", lost);
    if (file.dataBytes() == 0) {
      Files.deleteIfExists(path);
      return null;
    }
    Path kept = directory.resolve(file.header().id() + SpoolFormat.SALVAGED_SUFFIX);
    Files.move(path, kept, StandardCopyOption.ATOMIC_MOVE);
    SpoolWriter.syncDirectory(directory);
    return SpoolReader.read(kept, false).file();
  }

  /** A new id, greater than every id before it, across restarts too (the copy's checkpoint is kept under it). */
  public synchronized long newId() {
    lastId = Math.max(lastId + 1, millisClock.getAsLong());
    return lastId;
  }

  /** Whether a copy of {@code copyBytes} can be made, dropping older copies if need be. */
  public boolean canHold(long copyBytes) {
    return enabled() && copyBytes <= maxBytes;
  }

  /**
   * Drops the oldest copies until {@code copyBytes} more fit in the budget.
   *
   * @return the copies dropped, deleted already: the caller stops reading them and counts what was never shipped
   */
  public synchronized List<SpoolFile> makeRoom(long copyBytes) {
    return dropOldestWhile(() -> bytes + copyBytes > maxBytes);
  }

  private List<SpoolFile> dropOldestWhile(java.util.function.BooleanSupplier over) {
    List<SpoolFile> dropped = new ArrayList<>();
    while (over.getAsBoolean() && !files.isEmpty()) {
      SpoolFile oldest = files.firstEntry().getValue();
      log.warn("the spool is over spool.max_bytes ({} bytes): dropping its oldest copy, {}", maxBytes, oldest);
      remove(oldest);
      dropped.add(oldest);
    }
    return dropped;
  }

  /**
   * Copies {@code from}, a deleted file's descriptor, from {@code header.baseOffset()} to its end, within the room
   * {@link #makeRoom} made. On failure (a full disk) nothing is left in the spool.
   */
  public SpoolFile copy(FileChannel from, SpoolHeader header) throws IOException {
    long room;
    synchronized (this) {
      room = Math.max(0, maxBytes - bytes);
    }
    Files.createDirectories(directory);
    SpoolFile file = SpoolWriter.copy(from, header, room, directory); // outside the lock: it may take seconds
    synchronized (this) {
      files.put(header.id(), file);
      bytes += file.dataBytes();
    }
    events.spooled(file.dataBytes());
    return file;
  }

  /** Deletes a copy: every byte of it acknowledged, or dropped. */
  public synchronized void remove(SpoolFile file) {
    if (files.remove(file.header().id()) == null) {
      return;
    }
    bytes -= file.dataBytes();
    try {
      file.delete();
    } catch (IOException e) {
      log.warn("cannot delete spool file {}: {}; it is shipped again at the next start", file.path(), e.toString());
    }
  }

  public synchronized SpoolUsage usage() {
    long oldest = files.isEmpty() ? 0 : files.firstEntry().getValue().header().createdMillis();
    return new SpoolUsage(bytes, files.size(), oldest, maxBytes);
  }
}
