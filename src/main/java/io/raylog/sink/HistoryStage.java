package io.raylog.sink;

import io.raylog.config.HistorySinkConfig;
import io.raylog.pipeline.MemoryBudget;
import io.raylog.sink.delivery.DeliveryHandler;
import io.raylog.sink.history.FlushHistoryHandler;
import io.raylog.sink.history.HistorySettings;
import io.raylog.sink.history.HistoryTransport;
import io.raylog.sink.history.S3HistoryStore;
import io.raylog.sink.history.UploadPlan;
import io.raylog.sink.s3.S3Credentials;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** The {@code history} sink's stages: the common delivery stage over {@link HistoryTransport}, and its shutdown flush. */
final class HistoryStage {
  private HistoryStage() {}

  static SinkStages.Stage open(HistorySinkConfig config, SinkStages.Context context) throws IOException {
    HistoryTransport transport;
    try {
      S3Credentials credentials;
      if (config.accessKeyId().isPresent()) {
        credentials = new S3Credentials.Static(config.accessKeyId().get(), config.secretAccessKey().orElseThrow());
      } else if (config.accessKeyIdFile().isPresent()) {
        credentials = new S3Credentials.Files(config.accessKeyIdFile().get(),
            config.secretAccessKeyFile().orElseThrow());
      } else {
        credentials = new S3Credentials.DefaultChain();
      }
      S3HistoryStore store = new S3HistoryStore(config.bucket(), config.endpoint(), config.region(),
          config.forcePathStyle(), credentials, config.requestTimeout());
      long interval = config.uploadInterval().toNanos();
      HistorySettings settings = new HistorySettings(config.prefix(), interval, config.nodeIdWait().toNanos(),
          Math.max(2 * interval, TimeUnit.MINUTES.toNanos(5)), UploadPlan.Limits.S3);
      MemoryBudget budget = context.acknowledgements().budget();
      long tickNanos = Math.min(TimeUnit.SECONDS.toNanos(1), Math.max(TimeUnit.MILLISECONDS.toNanos(20), interval / 20));
      transport = new HistoryTransport(config.name(), settings, store, config.delivery().maxInFlight(),
          budget::paused, budget.limitBytes() / 2, tickNanos, System::nanoTime);
    } catch (RuntimeException e) {
      throw new IOException("sink " + config.name() + ": " + e.getMessage(), e);
    }
    DeliveryHandler deliver = KafkaS3Stages.deliveryHandler(config, transport, context);
    HistoryTransport opened = transport;
    return new SinkStages.Stage() {
      @Override
      public void addTo(io.netty.channel.ChannelPipeline pipeline) {
        pipeline.addLast("deliver", deliver);
        pipeline.addLast("flush-history", new FlushHistoryHandler(opened));
      }

      @Override
      public java.util.Optional<HistoryTransport> history() {
        return java.util.Optional.of(opened);
      }
    };
  }
}
