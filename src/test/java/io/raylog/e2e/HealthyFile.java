package io.raylog.e2e;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A well-behaved log file beside the bad input of a test: a thread appends a numbered line every few milliseconds.
 * The bad-input tests assert that it keeps shipping (nothing stalls it) and, once stopped, that every line arrived.
 * Thread-safe: {@link #written} and {@link #stop} may be called from the test thread while it writes.
 */
final class HealthyFile implements AutoCloseable {
  static final String PREFIX = "healthy ";

  private final Path path;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile int written;

  HealthyFile(Path path) {
    this.path = path;
    this.thread = new Thread(this::write, "healthy-writer");
    thread.start();
  }

  private void write() {
    try (FileOutputStream out = new FileOutputStream(path.toFile(), true)) {
      while (running) {
        out.write((PREFIX + written + "\n").getBytes(StandardCharsets.US_ASCII));
        written++;
        Thread.sleep(5);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  int written() {
    return written;
  }

  /** The distinct numbered lines of this file among the records. */
  static int shipped(List<JsonNode> records) {
    Set<String> seen = new HashSet<>();
    for (JsonNode record : records) {
      String message = record.get("message").asString();
      if (message.startsWith(PREFIX)) {
        seen.add(message);
      }
    }
    return seen.size();
  }

  /** Stops writing; returns how many lines were written. */
  int stop() throws InterruptedException {
    running = false;
    thread.join();
    return written;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
