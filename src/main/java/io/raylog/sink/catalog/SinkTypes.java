package io.raylog.sink.catalog;

import io.raylog.config.SinkCatalog;
import io.raylog.config.SinkConfig;
import io.raylog.config.SinkType;
import io.raylog.sink.SinkContext;
import io.raylog.sink.SinkFactory;
import io.raylog.sink.SinkStage;
import io.raylog.sink.elasticsearch.ElasticsearchSinkFactory;
import io.raylog.sink.file.FileSinkFactory;
import io.raylog.sink.history.HistorySinkFactory;
import io.raylog.sink.webhook.HttpSinkFactory;
import io.raylog.sink.kafka.KafkaSinkFactory;
import io.raylog.sink.loki.LokiSinkFactory;
import io.raylog.sink.otlp.OtlpSinkFactory;
import io.raylog.sink.s3.S3SinkFactory;
import io.raylog.sink.stdout.StdoutSinkFactory;
import java.io.IOException;
import java.util.List;

/**
 * The one list of sink types raylog offers, in the order the configuration reference lists them: adding a sink is
 * a new package with its {@link SinkFactory} and one line here. The configuration finds the types through
 * {@code META-INF/services/io.raylog.config.SinkCatalog}; {@code Main} opens each configured sink through
 * {@link #open}. Immutable; thread-safe.
 */
public final class SinkTypes implements SinkCatalog {
  static final List<SinkFactory<?>> FACTORIES = List.of(
      StdoutSinkFactory.FACTORY,
      FileSinkFactory.FACTORY,
      HttpSinkFactory.FACTORY,
      LokiSinkFactory.FACTORY,
      ElasticsearchSinkFactory.FACTORY,
      OtlpSinkFactory.FACTORY,
      KafkaSinkFactory.FACTORY,
      S3SinkFactory.FACTORY,
      HistorySinkFactory.FACTORY);

  @Override
  public List<SinkType> sinkTypes() {
    return FACTORIES.stream().map(SinkFactory::type).toList();
  }

  /** Opens a configured sink's stages; throws with the sink's name. */
  public static SinkStage open(SinkConfig sink, SinkContext context) throws IOException {
    return factoryOf(sink).open(sink, context);
  }

  /** The {@code type} of a sink as the configuration names it (a metric tag). */
  public static String typeName(SinkConfig sink) {
    return factoryOf(sink).type().name();
  }

  private static SinkFactory<?> factoryOf(SinkConfig sink) {
    for (SinkFactory<?> factory : FACTORIES) {
      if (factory.configClass().isInstance(sink)) {
        return factory;
      }
    }
    throw new IllegalArgumentException("no sink type binds to " + sink.getClass().getName());
  }
}
