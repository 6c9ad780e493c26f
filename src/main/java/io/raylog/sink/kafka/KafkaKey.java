package io.raylog.sink.kafka;

import io.raylog.record.LogRecord;
import io.raylog.record.RecordFields;
import java.nio.charset.StandardCharsets;

/**
 * Which field becomes a record's Kafka key, and so its partition: every record with the same key lands in one
 * partition, in order. {@code ray_cluster} keeps a cluster's records together; {@code pod} spreads a large cluster
 * over partitions while keeping each file's records in order (a file belongs to one pod). When the field is not known
 * (static discovery has no pod metadata) the key is the Ray session, which is shared by a cluster's nodes, so order
 * per file still holds. {@code none} sends records without a key: the producer spreads them, and order across
 * partitions is lost. {@code log_id} (issue 19) keys each record by its stable id ({@code log.id}): a topic compacted
 * on the key keeps one copy of a record sent again after a crash, but the records of a file are spread over the
 * partitions, so their order is lost too. Pure and immutable.
 */
public enum KafkaKey {
  RAY_CLUSTER,
  POD,
  NONE,
  LOG_ID;

  /** Whether the key is the same for every record of one source and pod, so that it can be reused. */
  boolean perSource() {
    return this != LOG_ID;
  }

  /** The key's UTF-8 bytes, or null for no key. */
  public byte[] of(LogRecord record) {
    String value = switch (this) {
      case RAY_CLUSTER -> RecordFields.rayCluster(record);
      case POD -> RecordFields.pod(record);
      case NONE -> null;
      case LOG_ID -> record.id();
    };
    if (this == NONE || this == LOG_ID && value == null) {
      return null;
    }
    if (value == null) {
      value = RecordFields.session(record);
    }
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
