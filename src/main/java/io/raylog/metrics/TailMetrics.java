package io.raylog.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.raylog.tail.TailEvents;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tail stage's events as Prometheus counters. Tags stay low-cardinality: component and reason, never a path.
 * Counters are cached per tag value, so the hot path does a map lookup, not a registry lookup. Thread-safe.
 */
public final class TailMetrics implements TailEvents {
  private final MeterRegistry registry;
  private final Map<String, Counter> opened = new ConcurrentHashMap<>();
  private final Map<String, Counter> rotated = new ConcurrentHashMap<>();
  private final Map<String, Counter> truncated = new ConcurrentHashMap<>();
  private final Map<String, Counter> deleted = new ConcurrentHashMap<>();
  private final Map<String, Counter> closed = new ConcurrentHashMap<>();
  private final Map<String, Counter> lines = new ConcurrentHashMap<>();
  private final Map<String, Counter> bytes = new ConcurrentHashMap<>();
  private final Map<String, Counter> split = new ConcurrentHashMap<>();
  private final Map<String, Counter> invalidUtf8 = new ConcurrentHashMap<>();
  private final Map<String, Counter> partial = new ConcurrentHashMap<>();
  private final Map<String, Counter> droppedBytes = new ConcurrentHashMap<>();
  private final Map<String, Counter> records = new ConcurrentHashMap<>();
  private final Map<String, Counter> multilineTimeouts = new ConcurrentHashMap<>();
  private final Map<String, Counter> multilineSplits = new ConcurrentHashMap<>();
  private final Map<String, Counter> droppedLines = new ConcurrentHashMap<>();
  private final Counter spooledBytes;
  private final Counter openFailures;
  private final Counter watchDegraded;
  private final io.micrometer.core.instrument.Timer scans;
  private final java.util.concurrent.atomic.AtomicLong filesScanned = new java.util.concurrent.atomic.AtomicLong();

  public TailMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.spooledBytes = Counter.builder("raylog_spooled_bytes")
        .description("Bytes of deleted files copied into the spool because no sink had acknowledged them yet")
        .register(registry);
    this.openFailures = Counter.builder("raylog_files_open_failures")
        .description("Files or directories that could not be opened or listed (permissions, races); retried at every scan")
        .register(registry);
    this.watchDegraded = Counter.builder("raylog_watch_degraded")
        .description("Times filesystem events became unavailable so that raylog fell back to polling")
        .register(registry);
    this.scans = io.micrometer.core.instrument.Timer.builder("raylog_scan_duration")
        .description("Backstop scans of every file under the roots (discovery.static.scan_interval; 10 s in Kubernetes"
            + " mode): one lstat per file, so the time grows with the files")
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder("raylog_scan_files", filesScanned, java.util.concurrent.atomic.AtomicLong::get)
        .description("Files the last backstop scan looked at").register(registry);
  }

  @Override public void opened(String component) { count(opened, "raylog_files_opened", "Files opened for tailing", component); }
  @Override public void rotated(String component) { count(rotated, "raylog_files_rotated", "Followed files renamed or moved (rotation, logs/old/)", component); }
  @Override public void truncated(String component) { count(truncated, "raylog_files_truncated", "Followed files that shrank (copy-truncate) and were read again from the start", component); }
  @Override public void deleted(String component) { count(deleted, "raylog_files_deleted", "Followed files deleted from the tree; read to their end, then closed", component); }
  @Override public void closed(String component) { count(closed, "raylog_files_closed", "Files closed after being deleted and drained (or after the grace time)", component); }

  @Override
  public void read(String component, int lineCount, long byteCount) {
    counter(lines, "raylog_lines_read", "Lines read from Ray log files", component).increment(lineCount);
    counter(bytes, "raylog_bytes_read", "Bytes read from Ray log files", component).increment(byteCount);
  }

  @Override public void lineSplit(String component) { count(split, "raylog_line_pieces_split", "Pieces of lines longer than tail.max_line_bytes, each shipped as its own record flagged log.split", component); }
  @Override public void invalidUtf8(String component) { count(invalidUtf8, "raylog_lines_invalid_utf8", "Lines that were not valid UTF-8; invalid bytes were replaced by U+FFFD", component); }
  @Override public void partialLineFlushed(String component) { count(partial, "raylog_partial_lines_flushed", "Last lines without a newline shipped after tail.partial_line_timeout or at the end of a removed file", component); }

  @Override
  public void emitted(String component, int recordCount) {
    counter(records, "raylog_records_emitted", "Records made from the lines read (a multi-line record counts once)", component)
        .increment(recordCount);
  }

  @Override public void multilineTimedOut(String component) { count(multilineTimeouts, "raylog_multiline_timeouts", "Multi-line records shipped because no line continued them within parse.multiline_timeout", component); }
  @Override public void multilineSplit(String component) { count(multilineSplits, "raylog_multiline_splits", "Multi-line records cut at parse.multiline_max_lines or parse.multiline_max_bytes", component); }

  @Override
  public void lineDropped(String component, String reason) {
    droppedLines.computeIfAbsent(component + '\0' + reason, k -> Counter.builder("raylog_lines_dropped")
        .description("Lines deliberately not shipped (tqdm progress updates), by component and reason")
        .tag("component", component).tag("reason", reason).register(registry)).increment();
  }

  @Override
  public void dropped(String reason, long byteCount) {
    droppedBytes.computeIfAbsent(reason, r -> Counter.builder("raylog_dropped_bytes")
        .description("Bytes that were never shipped, by reason").tag("reason", r).register(registry)).increment(byteCount);
  }

  @Override public void spooled(long byteCount) { spooledBytes.increment(byteCount); }

  @Override public void openFailed(Path path, Exception error) { openFailures.increment(); }
  @Override public void watchDegraded(String reason) { watchDegraded.increment(); }

  @Override
  public void scanned(int files, long nanos) {
    scans.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    filesScanned.set(files);
  }

  private void count(Map<String, Counter> cache, String name, String description, String component) {
    counter(cache, name, description, component).increment();
  }

  private Counter counter(Map<String, Counter> cache, String name, String description, String component) {
    Counter counter = cache.get(component);
    if (counter == null) {
      counter = cache.computeIfAbsent(component, c -> Counter.builder(name).description(description).tag("component", c).register(registry));
    }
    return counter;
  }

}
