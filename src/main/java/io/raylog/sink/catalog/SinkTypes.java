package io.raylog.sink.catalog;

import io.raylog.config.SinkCatalog;
import io.raylog.config.SinkSchema;
import io.raylog.config.SinkType;
import io.raylog.sink.kafka.KafkaSinkSchema;
import io.raylog.sink.s3.S3SinkSchema;
import java.util.List;

/**
 * The one list of sink types raylog offers, in the order the configuration reference lists them. Registered for
 * the configuration in {@code META-INF/services/io.raylog.config.SinkCatalog}.
 */
public final class SinkTypes implements SinkCatalog {

  @Override
  public List<SinkType> sinkTypes() {
    return List.of(SinkSchema.STDOUT, SinkSchema.FILE, SinkSchema.HTTP, SinkSchema.LOKI, SinkSchema.ELASTICSEARCH,
        SinkSchema.OTLP, KafkaSinkSchema.KAFKA, S3SinkSchema.S3);
  }
}
