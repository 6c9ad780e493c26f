import io.raylog.sink.kafka.KafkaBroker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The floor under the kafka sink's CPU: the bare kafka-clients producer with the kafka sink's settings (acks=all,
 * idempotence, linger 5 ms, 256 KiB batches, a key per file, a log.id header), sending values made beforehand to the
 * tests' in-process broker, and the CPU its two threads spend per record: the sending thread (the record's framing,
 * compression, the accumulator) and the producer's I/O thread. raylog's own work (reading, parsing, encoding) and the
 * JIT and collections come on top. The values are random words of VALUE_BYTES, or the lines of NDJSON_FILE (raylog's
 * own output, kept with BENCH_KEEP_OUTPUT=1), which compress as the sink's records do. Three rounds, each with a new
 * producer: the first is what a benchmark run pays (a cold producer), the later ones a warm one. docs/benchmark.md,
 * "The kafka-clients producer's floor".
 *
 * <pre>
 * mvn -B -ntp -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
 * java -XX:+UseSerialGC -Xmx1g -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
 *   bench/KafkaProducerFloor.java RECORDS VALUE_BYTES [lz4|none|zstd|gzip|snappy [NDJSON_FILE]]
 * </pre>
 */
public class KafkaProducerFloor {
  private static final int ROUNDS = 3;
  private static final int FILES = 200;

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: KafkaProducerFloor RECORDS VALUE_BYTES [compression [NDJSON_FILE]]");
      System.exit(2);
    }
    int records = Integer.parseInt(args[0]);
    String compression = args.length > 2 ? args[2] : "lz4";
    byte[][] values = args.length > 3 ? ndjsonLines(Path.of(args[3]), 65_536) : randomWords(Integer.parseInt(args[1]));
    byte[][] keys = new byte[FILES][];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = ("session_x/worker-" + i + ".out").getBytes(StandardCharsets.UTF_8);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (KafkaBroker broker = KafkaBroker.create(2, false)) {
      for (int round = 1; round <= ROUNDS; round++) {
        AtomicInteger acked = new AtomicInteger();
        long wallStart = System.nanoTime();
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(settings(broker, compression))) {
          long sendStart = threads.getCurrentThreadCpuTime();
          for (int i = 0; i < records; i++) {
            byte[] value = values[i % values.length];
            // Runs of 64 records from one file, as the pipeline's batches bring them; raylog hands the producer a
            // copy of each encoded record, and its id as a header.
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("floor", null, keys[(i / 64) % keys.length],
                Arrays.copyOf(value, value.length));
            record.headers().add("log.id", Arrays.copyOf(value, 22));
            producer.send(record, (metadata, error) -> {
              if (error == null) {
                acked.incrementAndGet();
              }
            });
          }
          producer.flush();
          double send = (threads.getCurrentThreadCpuTime() - sendStart) / 1e9;
          double io = ioThreadCpu(threads) / 1e9; // before close: the producer's I/O thread is still there
          System.out.printf("round %d: %d records of %d B on average acked %d in %.2f s; send thread %.2f s"
                  + " (%.2f us/record), producer I/O thread %.2f s (%.2f us/record)%n",
              round, records, averageLength(values), acked.get(), (System.nanoTime() - wallStart) / 1e9,
              send, send * 1e6 / records, io, io * 1e6 / records);
        }
      }
    }
    System.exit(0); // the broker's threads
  }

  /** The kafka sink's producer settings (KafkaProducerSettings), with a 32 MiB buffer. */
  static Map<String, Object> settings(KafkaBroker broker, String compression) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
    settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    settings.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 32L << 20);
    settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return settings;
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

  static int averageLength(byte[][] values) {
    return (int) (Arrays.stream(values).mapToLong(value -> value.length).sum() / values.length);
  }

  /** The CPU time of the producers' I/O threads alive now; one producer at a time is open. */
  static long ioThreadCpu(ThreadMXBean threads) {
    long cpu = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("kafka-producer-network-thread")) {
        cpu += threads.getThreadCpuTime(thread.getId());
      }
    }
    return cpu;
  }
}
