import io.raylog.sink.kafka.KafkaBroker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.*;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The floor under the kafka sink's CPU: the bare kafka-clients producer with the kafka sink's settings (acks=all,
 * idempotence, linger 5 ms, 256 KiB batches, a key per file, a log.id header), sending values made beforehand to the
 * tests' in-process broker, and the CPU its two threads spend per record: the sending thread (the record's framing,
 * compression, the accumulator) and the producer's I/O thread. raylog's own work (reading, parsing, encoding) and the
 * JIT and collections come on top. The values are random words of VALUE_BYTES, or the lines of NDJSON_FILE (raylog's
 * own output, kept with BENCH_KEEP_OUTPUT=1), which compress as the sink's records do. Three rounds, each with a new producer: the first is what a benchmark run pays
 * (a cold producer), the later ones a warm one. docs/benchmark.md, "The kafka-clients producer's floor".
 *
 * <pre>
 * mvn -B -ntp -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
 * java -XX:+UseSerialGC -Xmx1g -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
 *   bench/KafkaProducerFloor.java RECORDS VALUE_BYTES [lz4|none|zstd|gzip|snappy [NDJSON_FILE]]
 * </pre>
 */
public class KafkaProducerFloor {
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: KafkaProducerFloor RECORDS VALUE_BYTES [compression [NDJSON_FILE]]");
      System.exit(2);
    }
    int records = Integer.parseInt(args[0]);
    int valueBytes = Integer.parseInt(args[1]);
    try (KafkaBroker broker = KafkaBroker.create(2, false)) {
      Map<String, Object> p = new HashMap<>();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
      p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, args.length > 2 ? args[2] : "lz4");
      p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
      p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
      p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 32L << 20);
      p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      byte[][] values = args.length > 3 ? ndjsonLines(Path.of(args[3]), 65_536) : randomWords(valueBytes);
      byte[][] keys = new byte[200][];
      for (int i = 0; i < keys.length; i++) keys[i] = ("session_x/worker-" + i + ".out").getBytes();
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      for (int round = 0; round < 3; round++) {
        AtomicInteger acked = new AtomicInteger();
        long sendCpu0 = threads.getCurrentThreadCpuTime();
        Map<Long, Long> io0 = ioThreads(threads);
        long wall0 = System.nanoTime();
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
          long sendCpuStart = threads.getCurrentThreadCpuTime();
          for (int i = 0; i < records; i++) {
            byte[] value = values[i % values.length];
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("floor", null, keys[(i / 64) % keys.length],
                Arrays.copyOf(value, value.length)); // raylog hands the producer a copy of each encoded record
            r.headers().add("log.id", Arrays.copyOf(value, 22));
            producer.send(r, (m, e) -> { if (e == null) acked.incrementAndGet(); });
          }
          producer.flush();
          long sendCpu = threads.getCurrentThreadCpuTime() - sendCpuStart;
          Map<Long, Long> io1 = ioThreads(threads);
          long ioCpu = 0;
          for (Map.Entry<Long, Long> e : io1.entrySet()) ioCpu += e.getValue() - io0.getOrDefault(e.getKey(), 0L);
          System.out.printf("round %d: %d records of %d B on average acked %d in %.2f s; send thread %.2f s (%.2f us/record), producer I/O thread %.2f s (%.2f us/record)%n",
              round, records, Arrays.stream(values).mapToInt(v -> v.length).sum() / values.length, acked.get(), (System.nanoTime() - wall0) / 1e9, sendCpu / 1e9, sendCpu / 1e3 / records, ioCpu / 1e9, ioCpu / 1e3 / records);
        }
      }
    }
    System.exit(0);
  }

  /** Values of about {@code bytes} bytes: random words and numbers (LZ4 compresses them less than NDJSON logs). */
  static byte[][] randomWords(int bytes) {
    Random random = new Random(1);
    byte[][] values = new byte[1024][];
    String words = "worker step loss accuracy epoch batch checkpoint saved to /mnt/checkpoints in seconds rows ";
    for (int i = 0; i < values.length; i++) {
      StringBuilder text = new StringBuilder();
      while (text.length() < bytes) {
        text.append(words, random.nextInt(40), 40 + random.nextInt(50)).append(random.nextInt(100_000));
      }
      values[i] = text.substring(0, bytes).getBytes(StandardCharsets.UTF_8);
    }
    return values;
  }

  /** The first {@code count} lines of an NDJSON file (raylog's output, BENCH_KEEP_OUTPUT=1), each a value. */
  static byte[][] ndjsonLines(Path file, int count) throws IOException {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.limit(count).map(line -> line.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }
  }

  static Map<Long, Long> ioThreads(ThreadMXBean threads) {
    Map<Long, Long> cpu = new HashMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("kafka-producer-network-thread")) cpu.put(t.getId(), threads.getThreadCpuTime(t.getId()));
    }
    return cpu;
  }
}
