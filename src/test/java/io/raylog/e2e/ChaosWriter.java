package io.raylog.e2e;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Imitates Ray writing a node's logs, for the chaos suite: eight sequence-numbered streams in Ray's files and line
 * formats, rotated every way a Ray node rotates them, and sessions that come and go.
 *
 * <ul>
 *   <li>rename rotation in Ray's naming: {@code raylet.out → raylet.out.1 → raylet.out.2}, {@code gcs_server.out},
 *       {@code dashboard.log → dashboard.log.1}, and spdlog's older {@code …_263.log → …_263.1.log};
 *   <li>copy-truncate ({@code monitor.log}, {@code runtime_env_agent.log} copied to {@code .1}, then truncated);
 *   <li>a dead worker's {@code .out} moved into {@code logs/old/} and a new worker's file started;
 *   <li>an event file that only grows;
 *   <li>a new session directory every {@code sessionSeconds}, the old one left behind;
 *   <li>deletion: rotated backups beyond the last few, files in {@code logs/old/} and old sessions are deleted, but
 *       only once every line in them has reached the sink (asked through {@link Received}). A file deleted before
 *       raylog could read it is a documented loss, not what this suite measures; what it exercises is raylog
 *       following files that are deleted under it while it still has them open.
 * </ul>
 *
 * Every line carries {@code raylog-seq <stream> <n>}; {@code n} counts up from 0 in each stream across rotations
 * and sessions, so the sink's side can prove that every line arrived.
 */
final class ChaosWriter extends NumberedStreams {
  static final int STREAMS = 8;
  private static final int KEEP_BACKUPS = 3;
  /** Streams from this one on are rotated by copy-truncate; they get an eighth of the lines of the others. */
  static final int COPY_TRUNCATED = 6;
  private static final String WORKER_ID = "5870f6aa865f0efd562b7d951180bc30c772287879e43837406ced01";

  /** Whether every line {@code [from, to)} of {@code stream} reached the sink. */
  interface Received {
    boolean all(int stream, long from, long to);
  }

  /** A file no longer written to, with the lines it holds. */
  private record Closed(Path path, int stream, long from, long to) {}

  private final Path root;
  private final int linesPerSecond;
  private final int rotateEvery;
  private final long sessionNanos;
  private final Received received;
  private final OutputStream[] outputs = new OutputStream[STREAMS];
  /** The first line of each stream's active file. */
  private final long[] activeFrom = new long[STREAMS];
  /** Each stream's rotated backups, newest first: element i is {@code <name>.(i+1)}. */
  @SuppressWarnings("unchecked")
  private final Deque<long[]>[] backups = new Deque[STREAMS];
  private final List<Closed> oldWorkers = new ArrayList<>();
  private final List<Closed> oldSessions = new ArrayList<>();
  private int workerGeneration;
  private int session;
  private Path logs;
  private volatile Throwable failure;
  private long sessionStarted;
  private final long[] sessionFrom = new long[STREAMS];
  private volatile long deletedFiles;
  private volatile int sessions;

  ChaosWriter(Path root, int linesPerSecond, int rotateEvery, int sessionSeconds, Received received) {
    super(STREAMS);
    this.root = root;
    this.linesPerSecond = linesPerSecond;
    this.rotateEvery = rotateEvery;
    this.sessionNanos = sessionSeconds * 1_000_000_000L;
    this.received = received;
  }

  long deletedFiles() {
    return deletedFiles;
  }

  int sessions() {
    return sessions;
  }

  Throwable failure() {
    return failure;
  }

  @Override
  public void run() {
    try {
      startSession();
      long started = System.nanoTime();
      long total = 0;
      while (!stop) {
        int stream = (int) (total % STREAMS);
        // copy-truncated files are the quiet ones (logrotate's copytruncate is for low-volume logs): an eighth of
        // the lines of the others
        boolean quiet = stream >= COPY_TRUNCATED && (total / STREAMS) % 8 != 0;
        total++;
        if (!quiet) {
          long n = written.get(stream);
          outputs[stream].write(line(stream, MARK + " " + stream + " " + n + " " + "x".repeat((int) (n % 61))));
          written.incrementAndGet(stream);
          if (n + 1 - activeFrom[stream] >= (stream >= COPY_TRUNCATED ? rotateEvery / 8 : rotateEvery)) {
            rotate(stream);
          }
        }
        if (total % 64 == 0) {
          long due = started + total * 1_000_000_000L / linesPerSecond;
          long wait = due - System.nanoTime();
          flushAll(); // whole lines only reach the files, as a line-buffered logger writes them
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          if (System.nanoTime() - sessionStarted >= sessionNanos) {
            startSession();
          }
        }
      }
      flushAll();
      for (OutputStream out : outputs) {
        out.close();
      }
    } catch (Throwable e) {
      failure = e;
    }
  }

  private void flushAll() throws IOException {
    for (OutputStream out : outputs) {
      out.flush();
    }
  }

  /** The line as Ray writes it in that stream's file, so that each line is one record. */
  private static byte[] line(int stream, String text) {
    String line = switch (stream) {
      case 0 -> "[2026-11-25 10:00:00,000 I 112 112] (raylet) node_manager.cc:1: " + text + "\n";
      case 1 -> "[2026-11-25 10:00:00,000 I 263 270] core_worker.cc:1: " + text + "\n";
      case 2 -> text + "\n";
      case 3 -> "{\"severity\":\"INFO\",\"message\":\"" + text + "\",\"timestamp\":1795600800}\n";
      case 4 -> "[2026-11-25 10:00:00,000 I 90 90] (gcs_server) gcs_server.cc:1: " + text + "\n";
      default -> "2026-11-25 10:00:00,000\tINFO chaos.py:1 -- " + text + "\n";
    };
    return line.getBytes(StandardCharsets.UTF_8);
  }

  private Path active(int stream) {
    return switch (stream) {
      case 0 -> logs.resolve("raylet.out");
      case 1 -> logs.resolve("python-core-worker-" + WORKER_ID + "_263.log");
      case 2 -> logs.resolve("worker-" + WORKER_ID + "-01000000-" + (1000 + workerGeneration) + ".out");
      case 3 -> logs.resolve("events/event_RAYLET.log");
      case 4 -> logs.resolve("gcs_server.out");
      case 5 -> logs.resolve("dashboard.log");
      case 6 -> logs.resolve("monitor.log");
      default -> logs.resolve("runtime_env_agent.log");
    };
  }

  /** The name of backup {@code i} (from 1) of the stream's active file, in the naming of the file's writer. */
  private IntFunction<Path> backupName(int stream) {
    Path active = active(stream);
    if (stream == 1) {
      return i -> logs.resolve("python-core-worker-" + WORKER_ID + "_263." + i + ".log");
    }
    return i -> active.resolveSibling(active.getFileName() + "." + i);
  }

  private OutputStream open(int stream) throws IOException {
    return new BufferedOutputStream(new FileOutputStream(active(stream).toFile(), true), 64 * 1024);
  }

  private void startSession() throws IOException {
    if (logs != null) {
      flushAll();
      for (int s = 0; s < STREAMS; s++) {
        outputs[s].close();
      }
      Path dir = logs.getParent();
      for (int s = 0; s < STREAMS; s++) {
        oldSessions.add(new Closed(dir, s, sessionFrom[s], written.get(s)));
      }
    }
    session++;
    sessions = session;
    logs = root.resolve("session_2026-11-25_10-%02d-00_123456_1".formatted(session)).resolve("logs");
    Files.createDirectories(logs.resolve("old"));
    Files.createDirectories(logs.resolve("events"));
    for (int s = 0; s < STREAMS; s++) {
      sessionFrom[s] = written.get(s);
      activeFrom[s] = written.get(s);
      backups[s] = new ArrayDeque<>();
      outputs[s] = open(s);
    }
    sessionStarted = System.nanoTime();
    deleteReceivedSessions();
  }

  private void rotate(int stream) throws IOException {
    outputs[stream].flush();
    long[] range = {activeFrom[stream], written.get(stream)};
    activeFrom[stream] = range[1];
    Path active = active(stream);
    switch (stream) {
      case 2 -> {
        outputs[stream].close();
        Path moved = logs.resolve("old").resolve(active.getFileName());
        Files.move(active, moved, StandardCopyOption.ATOMIC_MOVE);
        oldWorkers.add(new Closed(moved, stream, range[0], range[1]));
        workerGeneration++;
        outputs[stream] = open(stream);
        deleteReceived(oldWorkers);
      }
      case 3 -> {} // the event file only grows
      case COPY_TRUNCATED, COPY_TRUNCATED + 1 -> {
        shift(stream);
        Files.copy(active, backupName(stream).apply(1)); // copy-truncate: the file stays open for writing
        try (FileChannel channel = FileChannel.open(active, StandardOpenOption.WRITE)) {
          channel.truncate(0);
        }
        backups[stream].addFirst(range);
      }
      default -> {
        outputs[stream].close();
        shift(stream);
        Files.move(active, backupName(stream).apply(1), StandardCopyOption.ATOMIC_MOVE);
        backups[stream].addFirst(range);
        outputs[stream] = open(stream);
      }
    }
  }

  /** {@code x.n → x.n+1 … x.1 → x.2}, after deleting the oldest backups whose lines all reached the sink. */
  private void shift(int stream) throws IOException {
    IntFunction<Path> name = backupName(stream);
    Deque<long[]> kept = backups[stream];
    while (kept.size() > KEEP_BACKUPS && received.all(stream, kept.peekLast()[0], kept.peekLast()[1])) {
      Files.delete(name.apply(kept.size()));
      kept.pollLast();
      deletedFiles++;
    }
    for (int i = kept.size(); i >= 1; i--) {
      Files.move(name.apply(i), name.apply(i + 1), StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private void deleteReceived(List<Closed> files) throws IOException {
    var it = files.iterator();
    while (it.hasNext()) {
      Closed file = it.next();
      if (received.all(file.stream, file.from, file.to)) {
        Files.deleteIfExists(file.path);
        deletedFiles++;
        it.remove();
      }
    }
  }

  /** Deletes the old session directories every line of which reached the sink, as Ray's cleanup would. */
  private void deleteReceivedSessions() throws IOException {
    List<Path> dirs = oldSessions.stream().map(Closed::path).distinct().toList();
    for (Path dir : dirs) {
      List<Closed> parts = oldSessions.stream().filter(c -> c.path.equals(dir)).toList();
      if (parts.stream().allMatch(c -> received.all(c.stream, c.from, c.to))) {
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
        oldSessions.removeAll(parts);
        oldWorkers.removeIf(c -> c.path.startsWith(dir));
        deletedFiles++;
      }
    }
  }
}
