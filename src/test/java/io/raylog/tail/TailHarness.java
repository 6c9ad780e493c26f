package io.raylog.tail;

import io.raylog.checkpoint.FileCheckpoint;
import io.raylog.pipeline.Acknowledgements;
import io.raylog.pipeline.MemoryBudget;
import io.raylog.pipeline.RecordChunk;
import io.raylog.pipeline.TestRecords;
import io.raylog.record.FileKey;
import io.raylog.record.LogRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Tailer} over real files with a test clock, collecting what it publishes. Single-threaded. */
final class TailHarness {
  static final String SESSION = "session_2026-11-25_10-00-00_123456_1";
  static final long SECOND = 1_000_000_000L;

  final Path root;
  final AtomicLong nanos = new AtomicLong(1_000 * SECOND);
  final List<LogRecord> records = new ArrayList<>();
  final List<RecordChunk> chunks = new ArrayList<>();
  private final io.raylog.parse.RecordParser parser;
  final Map<String, Long> dropped = new HashMap<>();
  /** Paths reported unreadable (raylog_files_open_failures_total). */
  int openFailures;
  int invalidUtf8Lines;
  final MemoryBudget budget;
  final Acknowledgements acknowledgements;
  boolean acknowledgeAtOnce = true;
  final List<RecordChunk> unacknowledged = new ArrayList<>();
  final Tailer tailer;

  TailHarness(Path root, TailSettings settings, Map<FileKey, FileCheckpoint> restored, boolean firstStart, long memoryLimit) {
    this(root, fixedRoot(root), settings, restored, firstStart, memoryLimit);
  }

  private static java.util.function.Supplier<List<TailRoot>> fixedRoot(Path root) {
    List<TailRoot> roots = List.of(TailRoot.local(root));
    return () -> roots;
  }

  /** Roots that change while the test runs, as Kubernetes discovery changes them. */
  TailHarness(Path root, java.util.function.Supplier<List<TailRoot>> roots, TailSettings settings,
      Map<FileKey, FileCheckpoint> restored, boolean firstStart, long memoryLimit) {
    this.root = root;
    this.budget = new MemoryBudget(memoryLimit, () -> {});
    this.acknowledgements = new Acknowledgements(1, budget);
    TailEvents events = new TailEvents() {
      @Override
      public void dropped(String reason, long bytes) {
        TailHarness.this.dropped.merge(reason, bytes, Long::sum);
      }

      @Override
      public void invalidUtf8(String component) {
        invalidUtf8Lines++;
      }

      @Override
      public void openFailed(Path path, Exception error) {
        openFailures++;
      }
    };
    this.parser = new io.raylog.parse.RecordParser(settings.parse());
    this.tailer = new Tailer(roots, settings, restored, firstStart, this::publish, budget, 1,
        events, nanos::get, () -> nanos.get() / 1_000_000);
  }

  TailHarness(Path root) {
    this(root, settings());
  }

  /** A first start with these settings and a memory limit no test reaches. */
  TailHarness(Path root, TailSettings settings) {
    this(root, settings, Map.of(), true, 64L << 20);
  }

  static TailSettings settings() {
    return new TailSettings(1 << 20, 64 * 1024, SECOND / 4, 5 * SECOND, 60 * SECOND, 4096, 0, false, io.raylog.parse.ParseSettings.disabled());
  }

  Path logs() throws IOException {
    return Files.createDirectories(root.resolve(SESSION).resolve("logs"));
  }

  private void publish(RecordChunk chunk) {
    acknowledgements.published(chunk);
    chunks.add(chunk);
    for (int i = 0; i < chunk.size(); i++) {
      chunk.get(i).parse(parser); // as the parse thread does
      records.add(chunk.get(i));
    }
    if (acknowledgeAtOnce) {
      TestRecords.deliverToAllSinks(acknowledgements, chunk);
    } else {
      unacknowledged.add(chunk);
    }
  }

  void acknowledgeAll() {
    unacknowledged.forEach(c -> TestRecords.deliverToAllSinks(acknowledgements, c));
    unacknowledged.clear();
  }

  /** Steps until three steps in a row publish nothing new (a scan, a close and an open can each take one). */
  void settle() {
    int quiet = 0;
    while (quiet < 3) {
      int before = records.size();
      tailer.step();
      advance(SECOND / 2); // past every idle backoff
      quiet = records.size() == before ? quiet + 1 : 0;
    }
  }

  void advance(long delta) {
    nanos.addAndGet(delta);
  }

  List<String> messages() {
    return records.stream().map(r -> r.message()).toList();
  }

  List<String> messagesOf(String relativePath) {
    return records.stream().filter(r -> r.source.relativePath().equals(relativePath)).map(r -> r.message()).toList();
  }

  static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  static String lines(String prefix, int from, int to) {
    StringBuilder text = new StringBuilder();
    for (int i = from; i < to; i++) {
      text.append(prefix).append(i).append('\n');
    }
    return text.toString();
  }

  static List<String> expected(String prefix, int from, int to) {
    List<String> result = new ArrayList<>();
    for (int i = from; i < to; i++) {
      result.add(prefix + i);
    }
    return result;
  }
}
