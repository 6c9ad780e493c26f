package io.raylog.sink.history;

import io.netty.channel.ChannelPipeline;
import io.raylog.pipeline.MemoryBudget;
import io.raylog.sink.DeliveryHandler;
import io.raylog.sink.DeliveryStages;
import io.raylog.sink.ShutdownFlushHandler;
import io.raylog.sink.SinkContext;
import io.raylog.sink.SinkEndpoint;
import io.raylog.sink.SinkFactory;
import io.raylog.sink.SinkStage;
import io.raylog.sink.s3.S3Store;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The {@code history} sink: the common delivery stage over {@link HistoryTransport}, its shutdown flush, and Ray's
 * event export ({@code POST /v1/events}) spooled under {@code state_dir} and uploaded by the same transport.
 */
public final class HistorySinkFactory {
  public static final SinkFactory<HistorySinkConfig> FACTORY =
      new SinkFactory<>(HistorySinkSchema.TYPE, HistorySinkConfig.class, HistorySinkFactory::open);

  /** The sidecar's default bound of its event spool (event-max-disk-mb). */
  private static final long EVENT_SPOOL_MAX_BYTES = 200L << 20;

  private HistorySinkFactory() {}

  private static SinkStage open(HistorySinkConfig config, SinkContext context) throws IOException {
    HistoryTransport transport;
    try {
      S3Store where = config.store();
      S3HistoryStore store = new S3HistoryStore(config.bucket(), where.endpoint(), where.region(),
          where.forcePathStyle(), where.credentials(), config.requestTimeout());
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
    DeliveryHandler deliver = DeliveryStages.handler(config, transport, context);
    EventSpool spool;
    try {
      spool = transport.serveEvents(context.stateDir().resolve("history-events").resolve(config.name()),
          EVENT_SPOOL_MAX_BYTES);
    } catch (IOException | RuntimeException e) {
      transport.close();
      throw new IOException("sink " + config.name() + ": cannot open the event spool: " + e.getMessage(), e);
    }
    SinkEndpoint events = new SinkEndpoint() {
      @Override
      public String path() {
        return "/v1/events";
      }

      @Override
      public int maxRequestBytes() {
        return EventSpool.MAX_REQUEST_BYTES;
      }

      @Override
      public Answer post(String query, byte[] body) {
        EventSpool.Answer answer = spool.accept(query, body);
        return new Answer(answer.status(), answer.body(), answer.retryAfterSeconds());
      }
    };
    return new SinkStage() {
      @Override
      public void addTo(ChannelPipeline pipeline) {
        pipeline.addLast("deliver", deliver);
        pipeline.addLast("flush-history", new ShutdownFlushHandler(transport::flush));
      }

      @Override
      public SinkEndpoint endpoint() {
        return events;
      }
    };
  }
}
