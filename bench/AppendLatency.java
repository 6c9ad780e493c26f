import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The time from a line appended to one file among many to its record in raylog's file sink, one sample at a time
 * (run it with the source launcher while raylog follows the files; bench/files does):
 *
 * <pre>java bench/AppendLatency.java OUTPUT LOGS_DIR SAMPLES TIMEOUT_SECONDS</pre>
 *
 * It picks SAMPLES worker output files ({@code worker-*.out}) of LOGS_DIR at random (a fixed seed), and for each one
 * notes the size of OUTPUT (the NDJSON file the sink appends to), appends one line with a unique mark in one
 * {@code write()} call, noting {@link System#nanoTime()} just before it, and polls OUTPUT from that size every
 * millisecond until the mark is in it, or TIMEOUT_SECONDS have passed (a miss). Worker output, because its lines are
 * records at once: a C++ or Python file's last line waits parse.multiline_timeout for a continuation, which is
 * parsing, not following. The latency is the tail's noticing the growth, reading, batching (pipeline.batch.linger)
 * and the sink's write, plus up to a millisecond of this probe's polling.
 *
 * <p>It prints one line a sample and a last line {@code RESULT samples=N seen=N missing=N median_ms=X max_ms=X}
 * (the median and maximum over the samples seen; {@code NaN} when none was).
 */
public final class AppendLatency {
  static final long SEED = 0x5EED_F11E5L;
  static final long PAUSE_MILLIS = 200;

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: java bench/AppendLatency.java OUTPUT LOGS_DIR SAMPLES TIMEOUT_SECONDS");
      System.exit(2);
    }
    Path output = Path.of(args[0]);
    Path logs = Path.of(args[1]);
    int samples = Integer.parseInt(args[2]);
    long timeoutNanos = (long) (Double.parseDouble(args[3]) * 1e9);
    List<Path> files = pick(logs, samples, new SplittableRandom(SEED));
    if (files.isEmpty()) {
      throw new IllegalStateException("no worker-*.out file in " + logs);
    }
    double[] seenMillis = new double[files.size()];
    int seen = 0;
    for (int k = 0; k < files.size(); k++) {
      String mark = String.format(Locale.ROOT, "append-latency sample=%d nonce=%x", k, System.nanoTime());
      double millis = sample(output, files.get(k), mark, timeoutNanos);
      if (Double.isNaN(millis)) {
        System.out.printf(Locale.ROOT, "sample %d: %s: not in the sink after %.0f s%n", k,
            files.get(k).getFileName(), timeoutNanos / 1e9);
      } else {
        seenMillis[seen++] = millis;
        System.out.printf(Locale.ROOT, "sample %d: %s: %.1f ms%n", k, files.get(k).getFileName(), millis);
      }
      Thread.sleep(PAUSE_MILLIS);
    }
    double[] sorted = Arrays.copyOf(seenMillis, seen);
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "RESULT samples=%d seen=%d missing=%d median_ms=%.1f max_ms=%.1f%n",
        files.size(), seen, files.size() - seen, seen == 0 ? Double.NaN : sorted[(seen - 1) / 2],
        seen == 0 ? Double.NaN : sorted[seen - 1]);
  }

  /** Reservoir sampling over the directory's listing: no list of every name is kept. */
  static List<Path> pick(Path logs, int samples, SplittableRandom random) throws IOException {
    List<Path> chosen = new ArrayList<>();
    long count = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(logs, "worker-*.out")) {
      for (Path entry : entries) {
        count++;
        if (chosen.size() < samples) {
          chosen.add(entry);
        } else {
          long slot = random.nextLong(count);
          if (slot < samples) {
            chosen.set((int) slot, entry);
          }
        }
      }
    }
    return chosen;
  }

  /** Milliseconds from the append to the mark in OUTPUT, or NaN after the timeout. */
  static double sample(Path output, Path file, String mark, long timeoutNanos) throws Exception {
    byte[] needle = mark.getBytes(StandardCharsets.UTF_8);
    try (FileChannel out = FileChannel.open(output, StandardOpenOption.READ);
        FileChannel log = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      long position = out.size();
      ByteBuffer line = ByteBuffer.wrap((mark + "\n").getBytes(StandardCharsets.UTF_8));
      long written = System.nanoTime();
      while (line.hasRemaining()) {
        log.write(line);
      }
      // The bytes read since the append, with the last needle.length - 1 kept for a mark split across two reads.
      byte[] window = new byte[0];
      ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
      while (System.nanoTime() - written < timeoutNanos) {
        buffer.clear();
        int n = out.read(buffer, position);
        if (n <= 0) {
          Thread.sleep(1);
          continue;
        }
        long now = System.nanoTime();
        position += n;
        byte[] joined = Arrays.copyOf(window, window.length + n);
        System.arraycopy(buffer.array(), 0, joined, window.length, n);
        if (indexOf(joined, needle) >= 0) {
          return (now - written) / 1e6;
        }
        window = Arrays.copyOfRange(joined, Math.max(0, joined.length - needle.length + 1), joined.length);
      }
      return Double.NaN;
    }
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
