package io.raylog.sink;

import io.raylog.record.JsonBytes;
import io.raylog.record.LogRecord;
import io.raylog.record.NdjsonEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a backend refused for good, one JSON object per line, rolled by size like the file sink:
 * {@code {"sink":"…","reason":"…","detail":"…","record":{…the record as the file sink writes it…}}}. The record is
 * kept whole, so it can be replayed. Used on the sink's event loop only.
 */
public final class DeadLetterFile implements DeadLetters {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterFile.class);
  private static final int MAX_DETAIL_CHARS = 2048;

  private final Path path;
  private final RollingFileSink file;
  private final NdjsonEncoder encoder = new NdjsonEncoder();
  private final JsonBytes line = new JsonBytes(4096);
  private final JsonBytes record = new JsonBytes(4096);

  /** @param maxFileBytes roll beyond this size, keeping {@code maxFiles} rolled files; 0 never rolls */
  public DeadLetterFile(String sinkName, Path path, long maxFileBytes, int maxFiles) throws IOException {
    this.path = path;
    this.file = new RollingFileSink(path, maxFileBytes, maxFiles, false);
  }

  @Override
  public boolean write(String sink, LogRecord rejected, String reason, String detail) {
    record.clear();
    encoder.encode(rejected, record);
    line.clear();
    line.raw("{\"sink\":").string(sink);
    line.raw(",\"reason\":").string(reason);
    if (detail != null && !detail.isEmpty()) {
      line.raw(",\"detail\":").string(detail.length() > MAX_DETAIL_CHARS ? detail.substring(0, MAX_DETAIL_CHARS) : detail);
    }
    line.raw(",\"record\":").raw(record.array(), record.length() - 1); // without the record's newline
    line.raw("}\n");
    try {
      file.write(ByteBuffer.wrap(line.array(), 0, line.length()));
      return true;
    } catch (IOException e) {
      log.error("sink {}: cannot write a rejected record to the dead-letter file {}: {}", sink, path, e.toString());
      return false;
    } finally {
      line.shrinkTo(1 << 20);
      record.shrinkTo(1 << 20);
    }
  }

  @Override
  public void close() {
    try {
      file.close();
    } catch (IOException e) {
      log.warn("closing the dead-letter file {} failed: {}", path, e.toString());
    }
  }
}
