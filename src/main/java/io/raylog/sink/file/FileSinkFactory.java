package io.raylog.sink.file;

import io.netty.buffer.ByteBufAllocator;
import io.raylog.sink.ByteSinkTransport;
import io.raylog.sink.DeliveryStages;
import io.raylog.sink.RollingFileSink;
import io.raylog.sink.SinkContext;
import io.raylog.sink.SinkFactory;
import io.raylog.sink.SinkStage;
import java.io.IOException;

/** The {@code file} sink: NDJSON appended to a local file, rolled by size. */
public final class FileSinkFactory {
  public static final SinkFactory<FileSinkConfig> FACTORY =
      new SinkFactory<>(FileSinkSchema.TYPE, FileSinkConfig.class, FileSinkFactory::open);

  private FileSinkFactory() {}

  private static SinkStage open(FileSinkConfig sink, SinkContext context) throws IOException {
    RollingFileSink file;
    try {
      file = new RollingFileSink(sink.path(), sink.maxFileBytes(), sink.maxFiles(),
          sink.fsync() == FileSinkConfig.Fsync.BATCH);
    } catch (IOException e) {
      throw new IOException("sink " + sink.name() + ": cannot open " + sink.path() + ": " + e.getMessage(), e);
    }
    return DeliveryStages.local(sink, new ByteSinkTransport(file, ByteBufAllocator.DEFAULT), context);
  }
}
