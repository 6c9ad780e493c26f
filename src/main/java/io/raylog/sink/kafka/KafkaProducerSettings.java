package io.raylog.sink.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the kafka sink's producer is told. The delivery guarantees are not options: {@code acks=all} (the record is
 * on every in-sync replica before it counts as delivered) and idempotence on (the producer's own retries never write
 * a record twice or out of order).
 *
 * @param bootstrapServers {@code host:port} pairs, comma-separated
 * @param deliveryTimeout how long the producer tries one record (its own retries included) before reporting it
 *     failed; raylog then sends it again after its backoff, so this bounds how long a failure stays unseen
 * @param bufferBytes the producer's buffer for records not yet acknowledged by the broker
 * @param maxRequestBytes the producer's {@code max.request.size}: the largest record it sends ({@link
 *     #maxRequestBytes(long)}); a larger one is refused before it is sent
 * @param security TLS and SASL properties ({@link KafkaSecurityProperties})
 */
public record KafkaProducerSettings(
    String bootstrapServers,
    String topic,
    KafkaKey key,
    KafkaCompression compression,
    Duration deliveryTimeout,
    long bufferBytes,
    int maxRequestBytes,
    String clientId,
    Map<String, Object> security) {

  /**
   * How long the producer waits for a batch to fill. Under load batches fill anyway while earlier requests are
   * under way; when logs trickle, this is what a record waits, small next to the pipeline's own batch linger.
   */
  static final long LINGER_MS = 5;

  /**
   * The most bytes of one partition's batch (compressed, as the producer estimates). Each takes a buffer of this
   * size from the producer's pool, which keeps it for good: larger batches save little per request and keep more of
   * a small heap.
   */
  static final int BATCH_BYTES = 256 * 1024;

  /** Room for the fields around a record's message (times, source, Kubernetes metadata) and Kafka's framing. */
  static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

  public KafkaProducerSettings {
    security = Map.copyOf(security);
  }

  /**
   * The {@code max.request.size} that fits raylog's largest record: its message at the most {@code maxMessageBytes}
   * (the larger of {@code tail.max_line_bytes} and {@code parse.multiline_max_bytes}), JSON-escaped (a control
   * character becomes six bytes, {@code \u001b}), plus the other fields. The producer's default, 1 MiB, refuses
   * lines near 1 MiB before they even reach the broker. Whether the broker takes such a record is its own setting
   * ({@code message.max.bytes}, or the topic's {@code max.message.bytes}; 1 MiB by default): docs/sinks-kafka-s3.md.
   */
  public static int maxRequestBytes(long maxMessageBytes) {
    return (int) Math.min(Integer.MAX_VALUE - 1, 6 * maxMessageBytes + RECORD_OVERHEAD_BYTES);
  }

  /** The producer's properties. Pure. */
  public Map<String, Object> producerProperties() {
    long deliveryMs = Math.max(1000, deliveryTimeout.toMillis());
    long lingerMs = LINGER_MS;
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5); // the most idempotence keeps in order
    p.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE); // bounded by delivery.timeout.ms
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression.producerValue());
    p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, bufferBytes);
    // The producer refuses a record larger than its whole buffer, whatever max.request.size says.
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int) Math.min(maxRequestBytes, bufferBytes));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, deliveryMs));
    // The producer requires request.timeout.ms + linger.ms <= delivery.timeout.ms.
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, deliveryMs - lingerMs));
    // How long send() may wait for the topic's metadata or for buffer space; raylog calls it on its own thread.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryMs);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.putAll(security);
    return p;
  }
}
