import com.github.luben.zstd.ZstdInputStream;
import io.raylog.sink.kafka.KafkaBroker;
import io.raylog.sink.s3.S3Server;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The backend the benchmark runs the kafka or s3 sink against: the tests' in-process KRaft broker or s3proxy (run
 * with the source launcher, the test classes and their dependencies on the class path). Like bench/SinkServer.java
 * it counts what arrives into the output file a run names, one newline per record:
 *
 * <ul>
 *   <li>kafka: a consumer of every topic named {@code p<output path, / as __>} appends a newline per record to that
 *       path. Prints {@code host:port} into PORT_FILE.
 *   <li>s3: bucket {@code bench}; every object under {@code out<output path>/} is read as it arrives, its records
 *       counted into that path, then deleted (the store is in memory). Prints the endpoint URL into PORT_FILE.
 * </ul>
 *
 * Usage: {@code java -cp <test classpath> bench/KafkaS3Server.java kafka|s3 PORT_FILE}
 */
public class KafkaS3Server {
  public static void main(String[] args) throws Exception {
    String kind = args[0];
    Path portFile = Path.of(args[1]);
    if (kind.equals("kafka")) {
      // Without an fsync per append (Kafka's default; the tests' broker has one so that a stopped broker keeps what it
      // acknowledged): with it, the benchmark measured the disk's fsync latency, which other writers on the machine
      // vary tenfold.
      try (KafkaBroker broker = KafkaBroker.create(4, false)) {
        Files.writeString(portFile, broker.bootstrapServers());
        consumeKafka(broker.bootstrapServers());
      }
    } else {
      try (S3Server s3 = S3Server.create()) {
        s3.createBucket("bench");
        Files.writeString(portFile, s3.endpoint().toString());
        drainS3(s3);
      }
    }
  }

  static void consumeKafka(String bootstrap) throws IOException {
    Properties config = new Properties();
    config.put("bootstrap.servers", bootstrap);
    config.put("group.id", "bench");
    config.put("auto.offset.reset", "earliest");
    config.put("metadata.max.age.ms", "200"); // see each run's new topic at once
    config.put("max.partition.fetch.bytes", Integer.toString(8 << 20));
    Map<String, OutputStream> outputs = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(Pattern.compile("p.*"));
      while (true) {
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          counts.merge(record.topic(), 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> count : counts.entrySet()) {
          String path = count.getKey().substring(1).replace("__", "/");
          OutputStream out = outputs.computeIfAbsent(path, KafkaS3Server::open);
          out.write(newlines(count.getValue()));
          out.flush();
        }
      }
    }
  }

  static void drainS3(S3Server s3) throws Exception {
    Map<String, OutputStream> outputs = new HashMap<>();
    // Objects are removed once counted, so an upload retried after s3proxy had stored it but failed to answer puts
    // the same object back: in a bucket it would replace itself, so it is counted once.
    Set<String> counted = new HashSet<>();
    while (true) {
      List<String> keys = s3.keys("bench");
      for (String key : keys) {
        int end = key.indexOf("/session_");
        if (!key.startsWith("out") || end < 0) {
          continue;
        }
        byte[] object;
        try {
          object = s3.get("bench", key);
        } catch (RuntimeException notYet) {
          continue; // listed while its upload is still being stored: read it next round
        }
        int records = 0;
        try (InputStream in = key.endsWith(".zst") ? new ZstdInputStream(new ByteArrayInputStream(object))
            : new GZIPInputStream(new ByteArrayInputStream(object))) {
          byte[] buffer = new byte[1 << 16];
          for (int n; (n = in.read(buffer)) > 0; ) {
            for (int i = 0; i < n; i++) {
              if (buffer[i] == '\n') {
                records++;
              }
            }
          }
        } catch (IOException partial) {
          continue; // s3proxy's store showed it before all its bytes were in: read it whole next round
        }
        s3.remove("bench", key);
        if (!counted.add(key)) {
          continue;
        }
        OutputStream out = outputs.computeIfAbsent(key.substring(3, end), KafkaS3Server::open);
        out.write(newlines(records));
        out.flush();
        // One newline per object (per PUT that stored one) into <output>.objects: bench/run reports the count.
        OutputStream objects = outputs.computeIfAbsent(key.substring(3, end) + ".objects", KafkaS3Server::open);
        objects.write('\n');
        objects.flush();
      }
      if (keys.isEmpty()) {
        Thread.sleep(50);
      }
    }
  }

  static byte[] newlines(int count) {
    byte[] lines = new byte[count];
    java.util.Arrays.fill(lines, (byte) '\n');
    return lines;
  }

  static OutputStream open(String path) {
    try {
      return Files.newOutputStream(Path.of(path), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
