package io.raylog.sink.s3;

import io.raylog.pipeline.MemoryBudget;
import io.raylog.sink.DeliveryHandler;
import io.raylog.sink.DeliveryStages;
import io.raylog.sink.ShutdownFlushHandler;
import io.raylog.sink.SinkContext;
import io.raylog.sink.SinkFactory;
import io.raylog.sink.SinkStage;
import java.io.IOException;

/**
 * The {@code s3} sink: compressed NDJSON objects in a bucket. Besides the delivery stage it needs the shutdown flush
 * ({@link ShutdownFlushHandler}) and the pipeline's memory state (it holds records in open objects).
 */
public final class S3SinkFactory {
  public static final SinkFactory<S3SinkConfig> FACTORY =
      new SinkFactory<>(S3SinkSchema.TYPE, S3SinkConfig.class, S3SinkFactory::open);

  private S3SinkFactory() {}

  private static SinkStage open(S3SinkConfig sink, SinkContext context) throws IOException {
    S3Transport transport;
    try {
      MemoryBudget budget = context.acknowledgements().budget();
      transport = S3Transport.open(sink, budget::paused, budget.limitBytes() / 2);
    } catch (RuntimeException e) {
      // The SDK refuses what it cannot use (an unknown region format, no usable credentials provider).
      throw new IOException("sink " + sink.name() + ": " + e.getMessage(), e);
    }
    DeliveryHandler deliver = DeliveryStages.handler(sink, transport, context);
    return pipeline -> {
      pipeline.addLast("deliver", deliver);
      pipeline.addLast("flush-objects", new ShutdownFlushHandler(transport::flush));
    };
  }
}
