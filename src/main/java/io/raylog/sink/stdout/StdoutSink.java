package io.raylog.sink.stdout;

import io.raylog.sink.ByteSink;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * NDJSON to the process's standard output, written straight to file descriptor 1 (not through System.out, which
 * raylog's own logs must never interleave with: they go to standard error). A batch is acknowledged once write(2)
 * returned.
 */
public final class StdoutSink implements ByteSink {
  private final FileChannel out = new FileOutputStream(FileDescriptor.out).getChannel();

  @Override
  public void write(ByteBuffer content) throws IOException {
    while (content.hasRemaining()) {
      out.write(content);
    }
  }

  @Override
  public void close() {
    // Standard output belongs to the process; closing it here would break the JVM's own shutdown output.
  }
}
