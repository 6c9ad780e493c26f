package io.raylog.sink;

import io.raylog.config.HistorySinkConfig;
import io.raylog.config.KafkaSinkConfig;
import io.raylog.config.S3SinkConfig;
import io.raylog.config.SinkConfig;
import io.raylog.pipeline.MemoryBudget;
import io.raylog.sink.delivery.DeliveryHandler;
import io.raylog.sink.delivery.Transport;
import io.raylog.sink.kafka.KafkaProducerSettings;
import io.raylog.sink.kafka.KafkaSecurityProperties;
import io.raylog.sink.kafka.KafkaTransport;
import io.raylog.sink.s3.FlushObjectsHandler;
import io.raylog.sink.s3.S3Transport;
import java.io.IOException;
import java.util.Map;

/**
 * The stages of the sinks that do not speak HTTP through raylog's client: {@code kafka} (the kafka-clients
 * producer) and {@code s3} (the AWS SDK). Both end in the common {@link DeliveryHandler}; the s3 sink also needs the
 * shutdown flush ({@link FlushObjectsHandler}) and the pipeline's memory state (it holds records in open objects).
 */
final class KafkaS3Stages {
  private KafkaS3Stages() {}

  static boolean handles(SinkConfig sink) {
    return sink instanceof KafkaSinkConfig || sink instanceof S3SinkConfig || sink instanceof HistorySinkConfig;
  }

  static String typeName(SinkConfig sink) {
    return sink instanceof KafkaSinkConfig ? "kafka" : sink instanceof HistorySinkConfig ? "history" : "s3";
  }

  static SinkStages.Stage open(SinkConfig.Networked sink, SinkStages.Context context) throws IOException {
    if (sink instanceof KafkaSinkConfig kafka) {
      KafkaTransport transport = new KafkaTransport(kafka.name(), settings(kafka, context.maxMessageBytes()));
      DeliveryHandler deliver = deliveryHandler(sink, transport, context);
      return pipeline -> pipeline.addLast("deliver", deliver);
    }
    if (sink instanceof HistorySinkConfig history) {
      return HistoryStage.open(history, context);
    }
    S3SinkConfig s3 = (S3SinkConfig) sink;
    S3Transport transport;
    try {
      MemoryBudget budget = context.acknowledgements().budget();
      transport = S3Transport.open(s3, budget::paused, budget.limitBytes() / 2);
    } catch (RuntimeException e) {
      // The SDK refuses what it cannot use (an unknown region format, no usable credentials provider).
      throw new IOException("sink " + s3.name() + ": " + e.getMessage(), e);
    }
    DeliveryHandler deliver = deliveryHandler(sink, transport, context);
    return pipeline -> {
      pipeline.addLast("deliver", deliver);
      pipeline.addLast("flush-objects", new FlushObjectsHandler(transport));
    };
  }

  static KafkaProducerSettings settings(KafkaSinkConfig kafka, long maxMessageBytes) {
    Map<String, Object> security = KafkaSecurityProperties.of(kafka.security());
    return new KafkaProducerSettings(kafka.bootstrapServers(), kafka.topic(), kafka.key(), kafka.compression(),
        kafka.deliveryTimeout(), kafka.bufferMemoryBytes(), KafkaProducerSettings.maxRequestBytes(maxMessageBytes),
        "raylog-" + kafka.name(), security);
  }

  static DeliveryHandler deliveryHandler(SinkConfig.Networked sink, Transport transport,
      SinkStages.Context context) throws IOException {
    try {
      return SinkStages.deliveryHandler(sink, transport, context);
    } catch (IOException | RuntimeException e) {
      transport.close();
      throw e;
    }
  }
}
