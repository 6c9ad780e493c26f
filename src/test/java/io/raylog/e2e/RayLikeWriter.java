package io.raylog.e2e;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;

/**
 * Writes sequence-numbered lines into Ray-named files and rotates them the ways Ray does: {@code raylet.out →
 * raylet.out.1} (Ray ≥ 2.41), {@code …_pid.log → …_pid.1.log} (spdlog before 2.41), a dead worker's file moved into
 * {@code logs/old/} while a new worker file starts, and an event file. Each line is in its file's Ray format and its
 * message says which stream and which number it is, so a reader can prove that every line arrived.
 */
final class RayLikeWriter extends NumberedStreams {
  private static final String WORKER_ID = "5870f6aa865f0efd562b7d951180bc30c772287879e43837406ced01";

  private final Path logs;
  private final long linesPerStream;
  private final int linesPerSecond;
  private final int rotateEvery;
  private final OutputStream[] outputs = new OutputStream[4];
  private final int[] generation = new int[4];
  private int keepRotated = 50;

  RayLikeWriter(Path logs, long linesPerStream, int linesPerSecond, int rotateEvery) {
    super(4);
    this.logs = logs;
    this.linesPerStream = linesPerStream;
    this.linesPerSecond = linesPerSecond;
    this.rotateEvery = rotateEvery;
  }

  /** How many rotated files of a stream are kept, as a rotating handler's backup count; older ones are deleted. */
  RayLikeWriter keepRotated(int count) {
    keepRotated = count;
    return this;
  }

  @Override
  public void run() {
    try {
      Files.createDirectories(logs.resolve("old"));
      Files.createDirectories(logs.resolve("events"));
      for (int s = 0; s < 4; s++) {
        outputs[s] = open(s);
      }
      long started = System.nanoTime();
      long total = 0;
      while (!stop && total < 4 * linesPerStream) {
        int stream = (int) (total % 4);
        long n = written.get(stream);
        String line = line(stream, MARK + " " + stream + " " + n + " " + "x".repeat((int) (n % 97)));
        outputs[stream].write(line.getBytes(StandardCharsets.UTF_8));
        written.incrementAndGet(stream);
        total++;
        if ((n + 1) % rotateEvery == 0) {
          rotate(stream);
        }
        if (linesPerSecond > 0) {
          long due = started + total * 1_000_000_000L / linesPerSecond;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
        }
      }
      for (OutputStream out : outputs) {
        out.close();
      }
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  /** The text in the format Ray writes in that stream's file, so that each line is one record. */
  private static String line(int stream, String text) {
    return switch (stream) {
      case 0 -> "[2026-11-25 10:00:00,000 I 112 112] (raylet) writer.cc:1: " + text + "\n";
      case 1 -> "[2026-11-25 10:00:00,000 I 263 270] core_worker.cc:1: " + text + "\n";
      case 2 -> text + "\n";
      default -> "{\"severity\":\"INFO\",\"message\":\"" + text + "\",\"timestamp\":1795600800}\n";
    };
  }

  private Path active(int stream) {
    return switch (stream) {
      case 0 -> logs.resolve("raylet.out");
      case 1 -> logs.resolve("python-core-worker-" + WORKER_ID + "_263.log");
      case 2 -> logs.resolve("worker-" + WORKER_ID + "-01000000-" + (1000 + generation[2]) + ".out");
      default -> logs.resolve("events/event_RAYLET.log");
    };
  }

  private OutputStream open(int stream) throws IOException {
    return new FileOutputStream(active(stream).toFile(), true);
  }

  private void rotate(int stream) throws IOException {
    outputs[stream].close();
    Path active = active(stream);
    switch (stream) {
      case 1 -> shift(active, i -> logs.resolve("python-core-worker-" + WORKER_ID + "_263." + i + ".log"));
      case 2 -> {
        Files.move(active, logs.resolve("old").resolve(active.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        generation[2]++;
      }
      default -> shift(active, i -> active.resolveSibling(active.getFileName() + "." + i));
    }
    outputs[stream] = open(stream);
  }

  /**
   * x → x.1 → x.2 …, as rotating handlers do, keeping {@link #keepRotated} (by default 50, so that nothing is deleted
   * during a short test); the oldest is deleted.
   */
  private void shift(Path active, java.util.function.IntFunction<Path> rotated) throws IOException {
    Files.deleteIfExists(rotated.apply(keepRotated));
    for (int i = keepRotated - 1; i >= 1; i--) {
      if (Files.exists(rotated.apply(i))) {
        Files.move(rotated.apply(i), rotated.apply(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(active, rotated.apply(1), StandardCopyOption.ATOMIC_MOVE);
  }

  /** The sequence numbers the records carry, per stream, and how many arrived more than once. */
  static final class Check {
    private final BitSet[] seen = {new BitSet(), new BitSet(), new BitSet(), new BitSet()};
    private long records;
    private long duplicates;

    Check(List<JsonNode> output) {
      for (JsonNode record : output) {
        String message = record.get("message").asString();
        if (message.startsWith(MARK)) {
          String[] parts = message.split(" ", 4);
          BitSet stream = seen[Integer.parseInt(parts[1])];
          int n = Integer.parseInt(parts[2]);
          records++;
          if (stream.get(n)) {
            duplicates++;
          }
          stream.set(n);
        }
      }
    }

    int distinct(int stream) {
      return seen[stream].cardinality();
    }
  }

  /** What the records prove: lines missing per stream, and how many arrived more than once. */
  record Delivery(long missing, long duplicates, long records) {}

  Delivery check(List<JsonNode> records) {
    Check check = new Check(records);
    long missing = 0;
    for (int s = 0; s < 4; s++) {
      missing += written.get(s) - check.seen[s].get(0, (int) written.get(s)).cardinality();
    }
    return new Delivery(missing, check.duplicates, check.records);
  }

}
