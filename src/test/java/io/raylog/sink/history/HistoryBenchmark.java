package io.raylog.sink.history;

import static org.awaitility.Awaitility.await;

import io.raylog.record.LogRecord;
import io.raylog.sink.DeadLetters;
import io.raylog.sink.DeliveryRig;
import io.raylog.sink.RecordingSinkEvents;
import io.raylog.sink.s3.S3Server;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the history sink costs (not a test: run it with {@code -Dtest=HistoryBenchmark}): a node with a few large
 * files and many small ones growing in rounds, each round uploaded (the upload interval is shorter than a round),
 * against s3proxy in this JVM, with an upload interval of 200 ms. Prints bytes sent to the store per byte logged and the CPU of the sink's thread and
 * of the SDK's I/O thread per GiB logged. Sizes: {@code -Dbench.largeFiles=4 -Dbench.largeMiB=32
 * -Dbench.smallFiles=200 -Dbench.smallKiB=20 -Dbench.rounds=16}.
 */
class HistoryBenchmark {
  static final String HEAD_ID = "fb051b3a21b3d6ae57c4f71cbb51d5f81894f775fce97dbf308a3f9f";

  @TempDir Path dir;

  @Test
  void bytesSentPerByteLoggedAndCpuPerGib() throws Exception {
    int largeFiles = Integer.getInteger("bench.largeFiles", 4);
    int largeMiB = Integer.getInteger("bench.largeMiB", 32);
    int smallFiles = Integer.getInteger("bench.smallFiles", 200);
    int smallKiB = Integer.getInteger("bench.smallKiB", 20);
    int rounds = Integer.getInteger("bench.rounds", 16);
    String line = "x".repeat(1023) + "\n";
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (S3Server server = S3Server.create()) {
      server.createBucket("bench");
      S3HistoryStore store = new S3HistoryStore("bench", Optional.of(server.endpoint()), "us-east-1", true,
          S3Server.credentials(),
          Duration.ofSeconds(60));
      HistoryTransport transport = new HistoryTransport("bench", new HistorySettings("", TimeUnit.MILLISECONDS.toNanos(200), TimeUnit.HOURS.toNanos(1),
          TimeUnit.HOURS.toNanos(1), UploadPlan.Limits.S3), store, 100_000, () -> false, Long.MAX_VALUE,
          TimeUnit.MILLISECONDS.toNanos(20), System::nanoTime);
      RayNode node = new RayNode(dir, RayNode.pod("h", "head", "RayCluster", "rc"), "session_2026-11-25_10-00-00_1_1");
      node.writeRaylet(HEAD_ID);
      long logged = 0;
      long cpuBefore = sinkCpuNanos(threads);
      long started = System.nanoTime();
      FileUploads.Counts counts;
      long cpu;
      try (DeliveryRig rig = new DeliveryRig(transport, 100_000, DeadLetters.NONE, new RecordingSinkEvents())) {
        for (int round = 0; round < rounds; round++) {
          List<LogRecord> records = new ArrayList<>();
          for (int f = 0; f < largeFiles; f++) {
            String file = "python-core-worker-large" + f + "_1.log";
            node.write(file, line.repeat(largeMiB * 1024 / rounds));
            logged += (long) largeMiB * 1024 * 1024 / rounds;
            records.addAll(node.read(file));
          }
          for (int f = 0; f < smallFiles; f++) {
            String file = "worker-small" + f + "-01000000-1.out";
            node.write(file, line.repeat(Math.max(1, smallKiB / rounds)));
            logged += (long) Math.max(1, smallKiB / rounds) * 1024;
            records.addAll(node.read(file));
          }
          rig.send(records);
          await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(10)).until(rig::allAcknowledged);
        }
        cpu = sinkCpuNanos(threads) - cpuBefore;
        counts = transport.counts();
      }
      long wallNanos = System.nanoTime() - started;
      transport.close();
      double gib = logged / (double) (1L << 30);
      System.out.printf("history sink benchmark: %d large files of %d MiB and %d small of %d KiB, %d rounds:"
              + " %.1f MiB logged, %.1f MiB sent (%.3f bytes per byte logged), %.1f MiB copied in the store,"
              + " %d uploads, %d part copies; sink + SDK I/O threads %.2f CPU s (%.1f CPU s per GiB logged, %.2f CPU ms"
              + " per upload), %.1f s wall%n", largeFiles, largeMiB, smallFiles, smallKiB, rounds, logged / 1048576.0,
          counts.sentBytes() / 1048576.0, counts.sentBytes() / (double) logged, counts.copiedBytes() / 1048576.0,
          counts.uploads(), counts.partCopies(), cpu / 1e9, cpu / 1e9 / gib, cpu / 1e6 / counts.uploads(),
          wallNanos / 1e9);
    }
  }

  /** CPU of the history sink's thread and of the AWS SDK's Netty threads. */
  private static long sinkCpuNanos(ThreadMXBean threads) {
    long total = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      String name = thread.getName();
      if (name.startsWith("raylog-history") || name.startsWith("aws-java-sdk-NettyEventLoop")) {
        long cpu = threads.getThreadCpuTime(thread.getId());
        total += Math.max(0, cpu);
      }
    }
    return total;
  }
}
