import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures how long a line appended to a followed file takes to reach raylog's file sink (run it with the source
 * launcher while raylog follows the files):
 *
 * <pre>java [-Dwarmup.seconds=S] bench/LatencyProbe.java OUTPUT LINES RATE FILE...</pre>
 *
 * One writer thread appends LINES lines at RATE lines per second, round-robin over the FILEs, each line with one
 * {@code write()} call, and notes {@link System#nanoTime()} just before the call. One reader thread follows OUTPUT
 * (the NDJSON file the sink appends to), polling every millisecond when it has nothing new, and notes the time at
 * which it reads each line's sequence number. Both clocks are the same monotonic clock of this JVM, so the latency
 * of a line is (seen - written): the tail's discovery, reading, batching (pipeline.batch.linger), encoding and
 * writing, plus up to one polling interval (1 ms) of this probe.
 *
 * <p>Before measuring it writes a warm-up line to every FILE every 200 ms until one from each has come out, so the
 * measured lines only start once raylog follows every file. Then, with {@code warmup.seconds} (default 0), it writes
 * unmeasured lines at RATE for that long, so that the measured ones meet raylog at the steady state of that rate
 * (the JIT compiles the paths of a new load within its first second or two, which the first second's latency shows
 * and a steady rate's does not; the output's "p99 ms by second of writing" shows them when there is no warm-up). It
 * prints the figures and a last line
 * {@code RESULT lines=... seen=... missing=... p50_ms=... p90_ms=... p99_ms=... max_ms=... mean_ms=...} for the runner.
 */
public final class LatencyProbe {
  static final String MARK = "latency-probe seq=";
  static final int WARMUP = -1;
  static final long WARMUP_TIMEOUT_NANOS = 60_000_000_000L;
  static final long DRAIN_TIMEOUT_NANOS = 10_000_000_000L;

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: java bench/LatencyProbe.java OUTPUT LINES RATE FILE...");
      System.exit(2);
    }
    Path output = Path.of(args[0]);
    int lines = Integer.parseInt(args[1]);
    double rate = Double.parseDouble(args[2]);
    List<FileOutputStream> files = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      files.add(new FileOutputStream(args[i], true));
    }

    long[] written = new long[lines];
    long[] seen = new long[lines];
    boolean[] warmedUp = new boolean[files.size()];
    AtomicBoolean stop = new AtomicBoolean();
    Reader reader = new Reader(output, seen, warmedUp, stop);
    Thread readerThread = new Thread(reader, "probe-reader");
    readerThread.start();

    long warmupDeadline = System.nanoTime() + WARMUP_TIMEOUT_NANOS;
    while (!allTrue(warmedUp)) {
      if (System.nanoTime() > warmupDeadline) {
        stop.set(true);
        throw new IllegalStateException("no warm-up line reached " + output + " within 60 s: is raylog following the files?");
      }
      for (int f = 0; f < files.size(); f++) {
        files.get(f).write(line(WARMUP, f));
      }
      Thread.sleep(200);
    }
    Thread.sleep(1000);

    long intervalNanos = (long) (1e9 / rate);
    long warmupLines = (long) (Double.parseDouble(System.getProperty("warmup.seconds", "0")) * rate);
    long warmupStart = System.nanoTime();
    for (long i = 0; i < warmupLines; i++) {
      waitUntil(warmupStart + i * intervalNanos);
      files.get((int) (i % files.size())).write(line(WARMUP, (int) (i % files.size())));
    }
    long start = warmupLines > 0 ? warmupStart + warmupLines * intervalNanos : System.nanoTime();
    for (int i = 0; i < lines; i++) {
      waitUntil(start + i * intervalNanos);
      int f = i % files.size();
      byte[] bytes = line(i, f);
      written[i] = System.nanoTime();
      files.get(f).write(bytes);
    }
    long lastWrite = System.nanoTime();
    while (reader.seenCount() < lines && System.nanoTime() - lastWrite < DRAIN_TIMEOUT_NANOS) {
      Thread.sleep(5);
    }
    stop.set(true);
    readerThread.join();
    for (FileOutputStream file : files) {
      file.close();
    }
    report(lines, rate, files.size(), written, seen, reader.duplicates);
  }

  /** Parks until {@link System#nanoTime()} reaches {@code due}: the writer's pace, for warm-up and measured lines. */
  static void waitUntil(long due) {
    for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
      LockSupport.parkNanos(due - now);
    }
  }

  /** A worker print of about 150 bytes carrying its sequence number (or -1 for warm-up) and its file. */
  static byte[] line(int seq, int file) {
    String text = String.format(Locale.ROOT,
        "%s%06d file=%d epoch 1 step %05d: loss=0.%04d acc=0.%04d lr=0.000300 throughput=1532.4 samples/s elapsed=12.5s%n",
        MARK, seq, file, Math.max(seq, 0), (seq * 7919) % 10000, (seq * 104729) % 10000);
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static boolean allTrue(boolean[] values) {
    synchronized (values) {
      for (boolean v : values) {
        if (!v) {
          return false;
        }
      }
      return true;
    }
  }

  static void report(int lines, double rate, int files, long[] written, long[] seen, int duplicates) {
    double[] millis = new double[lines];
    int n = 0;
    double sum = 0;
    for (int i = 0; i < lines; i++) {
      if (seen[i] != 0) {
        millis[n] = (seen[i] - written[i]) / 1e6;
        sum += millis[n];
        n++;
      }
    }
    double[] sorted = Arrays.copyOf(millis, n);
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "%d lines at %.0f/s into %d followed files: %d seen, %d missing, %d duplicates%n",
        lines, rate, files, n, lines - n, duplicates);
    System.out.println("p99 ms by second of writing: " + p99BySecond(lines, written, seen));
    System.out.printf(Locale.ROOT, "RESULT lines=%d seen=%d missing=%d duplicates=%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f mean_ms=%.1f%n",
        lines, n, lines - n, duplicates, rank(sorted, 0.50), rank(sorted, 0.90), rank(sorted, 0.99),
        n == 0 ? Double.NaN : sorted[n - 1], n == 0 ? Double.NaN : sum / n);
  }

  /**
   * The 99th percentile of the lines written in each second, in order: whether the slow lines come in the first
   * seconds (the JIT still compiling, a collection) or spread over the run.
   */
  static String p99BySecond(int lines, long[] written, long[] seen) {
    StringBuilder out = new StringBuilder();
    int from = 0;
    while (from < lines) {
      int to = from;
      while (to < lines && written[to] - written[from] < 1_000_000_000L) {
        to++;
      }
      double[] second = new double[to - from];
      int n = 0;
      for (int i = from; i < to; i++) {
        if (seen[i] != 0) {
          second[n++] = (seen[i] - written[i]) / 1e6;
        }
      }
      double[] sorted = Arrays.copyOf(second, n);
      Arrays.sort(sorted);
      out.append(out.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f", rank(sorted, 0.99)));
      from = to;
    }
    return out.toString();
  }

  /** Nearest-rank percentile: the smallest value with at least fraction p of the values at or below it. */
  static double rank(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** Follows the sink's output file and notes when each sequence number first appears. Its own thread. */
  static final class Reader implements Runnable {
    private final Path output;
    private final long[] seen;
    private final boolean[] warmedUp;
    private final AtomicBoolean stop;
    private final byte[] mark = MARK.getBytes(StandardCharsets.US_ASCII);
    private volatile int seenCount;
    int duplicates;

    Reader(Path output, long[] seen, boolean[] warmedUp, AtomicBoolean stop) {
      this.output = output;
      this.seen = seen;
      this.warmedUp = warmedUp;
      this.stop = stop;
    }

    int seenCount() {
      return seenCount;
    }

    @Override
    public void run() {
      ByteBuffer buffer = ByteBuffer.allocate(4 << 20);
      FileChannel channel = null;
      long position = 0;
      try {
        while (!stop.get()) {
          if (channel == null) {
            try {
              channel = FileChannel.open(output, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
              LockSupport.parkNanos(1_000_000);
              continue;
            }
          }
          int read = channel.read(buffer, position);
          long now = System.nanoTime();
          if (read <= 0) {
            LockSupport.parkNanos(1_000_000);
            continue;
          }
          position += read;
          buffer.flip();
          int lastNewline = scan(buffer, now);
          buffer.position(lastNewline + 1);
          buffer.compact();
          if (!buffer.hasRemaining()) {
            buffer.clear(); // one line longer than the buffer: not ours, drop it
          }
        }
        if (channel != null) {
          channel.close();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Notes the sequence numbers of the complete lines in the buffer; returns the index of the last newline. */
    private int scan(ByteBuffer buffer, long now) {
      byte[] bytes = buffer.array();
      int limit = buffer.limit();
      int lineStart = 0;
      int lastNewline = -1;
      for (int i = 0; i < limit; i++) {
        if (bytes[i] == '\n') {
          note(bytes, lineStart, i, now);
          lastNewline = i;
          lineStart = i + 1;
        }
      }
      return lastNewline;
    }

    private void note(byte[] bytes, int from, int to, long now) {
      int at = indexOf(bytes, from, to, mark);
      if (at < 0) {
        return;
      }
      int p = at + mark.length;
      boolean negative = p < to && bytes[p] == '-';
      if (negative) {
        p++;
      }
      int seq = 0;
      while (p < to && bytes[p] >= '0' && bytes[p] <= '9') {
        seq = seq * 10 + (bytes[p++] - '0');
      }
      if (negative) {
        int fileAt = indexOf(bytes, p, to, "file=".getBytes(StandardCharsets.US_ASCII));
        if (fileAt >= 0) {
          int file = bytes[fileAt + 5] - '0';
          synchronized (warmedUp) {
            if (file >= 0 && file < warmedUp.length) {
              warmedUp[file] = true;
            }
          }
        }
      } else if (seq < seen.length) {
        if (seen[seq] == 0) {
          seen[seq] = now;
          seenCount++;
        } else {
          duplicates++;
        }
      }
    }

    private static int indexOf(byte[] bytes, int from, int to, byte[] pattern) {
      outer:
      for (int i = from; i <= to - pattern.length; i++) {
        for (int j = 0; j < pattern.length; j++) {
          if (bytes[i + j] != pattern[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
