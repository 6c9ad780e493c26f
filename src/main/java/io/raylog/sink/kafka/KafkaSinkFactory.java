package io.raylog.sink.kafka;

import io.raylog.sink.DeliveryStages;
import io.raylog.sink.SinkContext;
import io.raylog.sink.SinkFactory;
import io.raylog.sink.SinkStage;
import java.io.IOException;
import java.util.Map;

/** The {@code kafka} sink: records written to a topic by the kafka-clients producer. */
public final class KafkaSinkFactory {
  public static final SinkFactory<KafkaSinkConfig> FACTORY =
      new SinkFactory<>(KafkaSinkSchema.TYPE, KafkaSinkConfig.class, KafkaSinkFactory::open);

  private KafkaSinkFactory() {}

  private static SinkStage open(KafkaSinkConfig sink, SinkContext context) throws IOException {
    return DeliveryStages.over(sink, new KafkaTransport(sink.name(), settings(sink, context.maxMessageBytes())),
        context);
  }

  static KafkaProducerSettings settings(KafkaSinkConfig kafka, long maxMessageBytes) {
    Map<String, Object> security = KafkaSecurityProperties.of(kafka.security());
    return new KafkaProducerSettings(kafka.bootstrapServers(), kafka.topic(), kafka.key(), kafka.compression(),
        kafka.deliveryTimeout(), kafka.bufferMemoryBytes(), KafkaProducerSettings.maxRequestBytes(maxMessageBytes),
        "raylog-" + kafka.name(), security);
  }
}
