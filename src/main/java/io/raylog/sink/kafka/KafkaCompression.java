package io.raylog.sink.kafka;

import java.util.Locale;

/** The producer's compression of record batches; the broker stores them as sent. */
public enum KafkaCompression {
  NONE,
  GZIP,
  SNAPPY,
  LZ4,
  ZSTD;

  /** The value of the producer's {@code compression.type}. */
  public String producerValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
