package io.raylog.sink.kafka;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.raylog.record.JsonBytes;
import io.raylog.record.LogRecord;
import io.raylog.record.NdjsonEncoder;
import io.raylog.record.PodMetadata;
import io.raylog.record.SourceFile;
import io.raylog.sink.Outbound;
import io.raylog.sink.SendOutcome;
import io.raylog.sink.Transport;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records to a Kafka topic with the kafka-clients producer: one Kafka record per log record, its value the
 * record's NDJSON line (without the newline), its key chosen by {@link KafkaKey}. A send is answered once the broker
 * has answered every record of it ({@code acks=all}), with a verdict per record: accepted, refused for good, or to be
 * sent again ({@link KafkaErrors}).
 *
 * <p>Threading: {@link #send} hands the records to one thread of this sink, which encodes them and gives them to
 * the producer; {@code KafkaProducer.send} can block (waiting for the topic's metadata or for buffer space), and the
 * sink's event loop must not. The producer's callbacks run on its I/O thread; the last one reports the outcome. The
 * producer is created on first use and replaced after an error it does not recover from.
 */
public final class KafkaTransport implements Transport {
  private static final Logger log = LoggerFactory.getLogger(KafkaTransport.class);

  private final String sinkName;
  private final String topic;
  /** The header that carries a record's stable id ({@code log.id}). */
  static final String LOG_ID_HEADER = "log.id";

  private final KafkaKey key;
  private final Supplier<Producer<byte[], byte[]>> producers;
  private final ExecutorService sender;
  // Confined to the sender thread.
  private final NdjsonEncoder encoder = new NdjsonEncoder();
  private final JsonBytes line = new JsonBytes(4096);
  // The key of the last record's source: consecutive records mostly come from one file, whose key does not change.
  private SourceFile keySource;
  private PodMetadata keyPod;
  private byte[] keyBytes;
  private Producer<byte[], byte[]> producer;
  /** Set by a callback that saw an error the producer does not recover from; read by the sender thread. */
  private volatile boolean producerBroken;

  public KafkaTransport(String sinkName, KafkaProducerSettings settings) {
    this(sinkName, settings.topic(), settings.key(),
        () -> new KafkaProducer<>(settings.producerProperties()));
  }

  /** @param producers makes a new producer; called on the sender thread, at first use and after a fatal error */
  KafkaTransport(String sinkName, String topic, KafkaKey key, Supplier<Producer<byte[], byte[]>> producers) {
    this.sinkName = sinkName;
    this.topic = topic;
    this.key = key;
    this.producers = producers;
    this.sender = Executors.newSingleThreadExecutor(new DefaultThreadFactory("raylog-kafka-" + sinkName, true));
  }

  @Override
  public void send(Outbound records, Completion done) {
    sender.execute(() -> produce(records, done));
  }

  private void produce(Outbound records, Completion done) {
    SendResults results = new SendResults(records.size(), done);
    Producer<byte[], byte[]> current;
    try {
      current = producer();
    } catch (RuntimeException e) {
      // A producer that cannot even be built (an unresolvable bootstrap host): try again after the backoff.
      results.failAllFrom(0, e);
      return;
    }
    for (int i = 0; i < records.size(); i++) {
      byte[] value = encode(records, i);
      int position = i;
      int bytes = value.length; // the callback keeps the length, not the value, until the broker answers
      try {
        Future<RecordMetadata> sent = current.send(producerRecord(records.get(i), value),
            (metadata, error) -> results.complete(position, bytes, error));
        Exception early = failedAtOnce(sent);
        if (early != null && KafkaErrors.classify(early).kind() != KafkaErrors.Kind.REJECT) {
          // The producer failed the record before queueing it, after waiting up to max.block.ms for the topic's
          // metadata or buffer space: the records after it would wait as long, each. They all go again after the
          // backoff instead. (A record refused for itself, such as one too large, does not stop the others.)
          results.failAllFrom(position + 1, early);
          return;
        }
      } catch (RuntimeException e) {
        // send() threw before the record was queued: a metadata timeout or a closed producer, which the records
        // after this one would meet too, one max.block.ms each. They all go again after the backoff.
        results.failAllFrom(position, e);
        if (KafkaErrors.classify(e).kind() == KafkaErrors.Kind.NEW_PRODUCER) {
          producerBroken = true;
        }
        return;
      }
    }
  }

  /** The error of a send the producer failed before returning, or null. */
  private static Exception failedAtOnce(Future<RecordMetadata> sent) {
    if (!sent.isDone()) {
      return null;
    }
    try {
      sent.get();
      return null;
    } catch (ExecutionException e) {
      return e.getCause() instanceof Exception cause ? cause : e;
    } catch (InterruptedException | CancellationException e) {
      return null;
    }
  }

  private byte[] encode(Outbound records, int index) {
    line.clear();
    encoder.encode(records.get(index), line);
    byte[] value = Arrays.copyOf(line.array(), line.length() - 1); // without the newline
    line.shrinkTo(1 << 20);
    return value;
  }

  /**
   * The Kafka record of {@code record}: its key, and (issue 19) its stable id as the header {@code log.id}, so that a
   * consumer can drop the copies a re-send after a crash adds.
   */
  private ProducerRecord<byte[], byte[]> producerRecord(LogRecord record, byte[] value) {
    ProducerRecord<byte[], byte[]> result = new ProducerRecord<>(topic, null, key(record), value);
    byte[] id = record.idBytes(); // no String on the way: it was 3.5% of the CPU samples in the kafka benchmark
    if (id != null) {
      result.headers().add(LOG_ID_HEADER, id);
    }
    return result;
  }

  private byte[] key(LogRecord record) {
    if (!key.perSource()) {
      return key.of(record);
    }
    // The pod is compared too: a file's pod metadata can arrive after its first records.
    if (record.source != keySource || record.source.pod() != keyPod) {
      keySource = record.source;
      keyPod = record.source.pod();
      keyBytes = key.of(record);
    }
    return keyBytes;
  }

  private Producer<byte[], byte[]> producer() {
    if (producerBroken && producer != null) {
      log.warn("sink {}: replacing the Kafka producer after an error it does not recover from", sinkName);
      producer.close(Duration.ZERO);
      producer = null;
    }
    producerBroken = false;
    if (producer == null) {
      producer = producers.get();
    }
    return producer;
  }

  /** Closes the producer (waiting a moment for records under way) and the sender thread. Idempotent. */
  @Override
  public synchronized void close() {
    if (sender.isShutdown()) {
      return;
    }
    sender.execute(() -> {
      if (producer != null) {
        producer.close(Duration.ofSeconds(1));
        producer = null;
      }
    });
    sender.shutdown();
    try {
      if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Collects the per-record answers of one send; the last one builds the outcome. Thread-safe. */
  private final class SendResults {
    private final KafkaSendVerdicts verdicts;
    private final Completion done;

    SendResults(int records, Completion done) {
      this.verdicts = new KafkaSendVerdicts(records);
      this.done = done;
    }

    void complete(int position, int bytes, Exception error) {
      if (error != null && KafkaErrors.classify(error).kind() == KafkaErrors.Kind.NEW_PRODUCER) {
        producerBroken = true;
      }
      SendOutcome outcome = verdicts.record(position, bytes, KafkaErrors.explained(error, bytes));
      if (outcome != null) {
        done.complete(outcome);
      }
    }

    void failAllFrom(int position, Exception error) {
      SendOutcome outcome = null;
      for (int i = position; i < verdicts.size(); i++) {
        SendOutcome last = verdicts.record(i, 0, error);
        if (last != null) {
          outcome = last;
        }
      }
      if (outcome != null) {
        done.complete(outcome);
      }
    }
  }
}
