import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes the many-files shape of bench/files (run it with the source launcher):
 *
 * <pre>java bench/GenerateWorkerFiles.java DIR FILES</pre>
 *
 * It creates {@code DIR/ray/session_2026-11-25_10-00-00_123456_1/logs/} holding FILES small files, all in that one
 * directory, as a long-running Ray cluster leaves them: three files per worker process, named as Ray names them
 * (test-fixtures/ray, docs/ray-records.md), cycling over the kinds
 *
 * <ul>
 *   <li>{@code worker-<56 hex>-01000000-<pid>.out}: a {@code :job_id:} marker (no record) and one line of output;
 *   <li>{@code worker-<56 hex>-01000000-<pid>.err}: one gRPC glog line, as gRPC writes into a worker's stderr;
 *   <li>{@code python-core-worker-<56 hex>_<pid>.log}: two C++ spdlog lines of the core worker.
 * </ul>
 *
 * Every file ends with a newline. A collector that follows every file, parses and follows the markers ships
 * {@code records} records (one per line but the markers); it prints one line {@code files=N lines=N records=N} and
 * writes the same keys to {@code DIR/files.properties}. The worker ids are mixed from the worker's number, so the
 * output depends only on FILES.
 */
public final class GenerateWorkerFiles {
  static final String SESSION = "session_2026-11-25_10-00-00_123456_1";

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: java bench/GenerateWorkerFiles.java DIR FILES");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int files = Integer.parseInt(args[1]);
    Path logs = Files.createDirectories(dir.resolve("ray").resolve(SESSION).resolve("logs"));
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<long[]>> parts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      parts.add(pool.submit(() -> write(logs, first, threads, files)));
    }
    long lines = 0;
    long records = 0;
    for (Future<long[]> part : parts) {
      long[] counts = part.get();
      lines += counts[0];
      records += counts[1];
    }
    pool.shutdown();
    String summary = String.format(Locale.ROOT, "files=%d lines=%d records=%d", files, lines, records);
    Files.writeString(dir.resolve("files.properties"), summary.replace(' ', '\n') + "\n");
    System.out.println(summary);
  }

  /** Writes the files first, first + step, …; returns {lines, records}. */
  static long[] write(Path logs, int first, int step, int files) {
    long lines = 0;
    long records = 0;
    for (int i = first; i < files; i += step) {
      int worker = i / 3;
      int pid = 10_000 + worker;
      String id = workerId(worker);
      String name;
      String text;
      switch (i % 3) {
        case 0 -> {
          name = "worker-" + id + "-01000000-" + pid + ".out";
          text = ":job_id:01000000\nworker " + worker + " ready: loaded shard " + (worker % 97) + "\n";
          lines += 2;
          records += 1;
        }
        case 1 -> {
          name = "worker-" + id + "-01000000-" + pid + ".err";
          text = "E1125 10:00:0" + (worker % 10) + ".406614241  " + pid
              + " fork_posix.cc:76]  Other threads are currently calling into gRPC, skipping fork() handlers\n";
          lines += 1;
          records += 1;
        }
        default -> {
          name = "python-core-worker-" + id + "_" + pid + ".log";
          text = "[2026-11-25 10:00:01,001 I " + pid + " " + pid
              + "] core_worker_process.cc:234: Constructing CoreWorkerProcess. pid: " + pid + "\n"
              + "[2026-11-25 10:00:01,008 I " + pid + " " + pid
              + "] grpc_server.cc:143: worker server started, listening on port " + (10_002 + worker % 50_000) + ".\n";
          lines += 2;
          records += 2;
        }
      }
      try {
        Files.write(logs.resolve(name), text.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new long[] {lines, records};
  }

  /** 28 bytes in hex, as Ray's worker ids, mixed from the worker's number (SplitMix64's finaliser). */
  static String workerId(int worker) {
    StringBuilder id = new StringBuilder(56);
    for (int part = 0; part < 4; part++) {
      long z = (worker + 1L) * 0x9E3779B97F4A7C15L + part * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z ^= z >>> 31;
      String hex = String.format(Locale.ROOT, "%016x", z);
      id.append(part < 3 ? hex : hex.substring(0, 8));
    }
    return id.toString();
  }
}
