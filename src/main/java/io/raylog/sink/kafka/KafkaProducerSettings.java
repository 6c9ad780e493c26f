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
 * @param security TLS and SASL properties ({@link KafkaSecurityProperties})
 */
public record KafkaProducerSettings(
    String bootstrapServers,
    String topic,
    KafkaKey key,
    KafkaCompression compression,
    Duration deliveryTimeout,
    long bufferBytes,
    String clientId,
    Map<String, Object> security) {

  public KafkaProducerSettings {
    security = Map.copyOf(security);
  }

  /** The producer's properties. Pure. */
  public Map<String, Object> producerProperties() {
    long deliveryMs = Math.max(1000, deliveryTimeout.toMillis());
    long lingerMs = 5;
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5); // the most idempotence keeps in order
    p.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE); // bounded by delivery.timeout.ms
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression.producerValue());
    p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, bufferBytes);
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
