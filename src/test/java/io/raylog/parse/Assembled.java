package io.raylog.parse;

import io.raylog.record.FileProgress;
import io.raylog.record.JsonBytes;
import io.raylog.record.LogRecord;
import io.raylog.record.NdjsonEncoder;
import io.raylog.record.SourceFile;
import io.raylog.tail.LineSplitter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs text through the real line splitter, a {@link RecordAssembler}, a {@link RecordParser} and the NDJSON
 * encoder, as the tail and parse threads do, and returns the output records as JSON: what a user would see for a file of that name holding that text.
 */
final class Assembled {
  static final String SESSION = "session_2026-11-25_10-00-00_123456_1";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Assembled() {}

  static List<JsonNode> records(String relativePath, String text) {
    return records(relativePath, text, ParseSettings.defaults(), null, 0);
  }

  /** @param random when not null, the bytes arrive in random chunks */
  static List<JsonNode> records(String relativePath, String text, ParseSettings settings, Random random,
      long observedMillis) {
    return records(SESSION, relativePath, text, settings, random, observedMillis);
  }

  /** @param session the name of the session the file belongs to */
  static List<JsonNode> records(String session, String relativePath, String text, ParseSettings settings,
      Random random, long observedMillis) {
    NdjsonEncoder encoder = new NdjsonEncoder();
    List<JsonNode> result = new ArrayList<>();
    for (LogRecord record : parsed(session, relativePath, text, settings, random, observedMillis)) {
      JsonBytes out = new JsonBytes(256);
      encoder.encode(record, out);
      result.add(JSON.readTree(out.toByteArray()));
    }
    return result;
  }

  /** The records of a file's text, parsed as the parse thread does, before they are encoded. */
  static List<LogRecord> parsed(String relativePath, String text, ParseSettings settings, Random random,
      long observedMillis) {
    return parsed(SESSION, relativePath, text, settings, random, observedMillis);
  }

  private static List<LogRecord> parsed(String session, String relativePath, String text, ParseSettings settings,
      Random random, long observedMillis) {
    List<LogRecord> records = new ArrayList<>();
    SourceFile source = new SourceFile(session, relativePath, RayFileNames.classify(relativePath),
        "/tmp/ray/" + session + "/logs/" + relativePath);
    RecordAssembler assembler = new RecordAssembler(source, settings, new ParseEvents() {}, null);
    FileProgress progress = new FileProgress(1, 0);
    LineSplitter splitter = new LineSplitter(1 << 20);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    byte[][] current = new byte[1][];
    // Lines held across reads come from the splitter's own buffer, which it reuses: copy them, as the tailer does.
    LineSplitter.LineSink sink = (b, from, length, start, end, split) -> {
      byte[] line = b == current[0] ? b : java.util.Arrays.copyOfRange(b, from, from + length);
      int lineFrom = b == current[0] ? from : 0;
      assembler.line(line, lineFrom, length, start, end, split, observedMillis, progress, records::add);
    };
    int at = 0;
    while (at < bytes.length) {
      int n = random == null ? bytes.length : 1 + random.nextInt(Math.min(64, bytes.length - at));
      byte[] chunk = java.util.Arrays.copyOfRange(bytes, at, at + n); // a new buffer per read, as the tailer has
      current[0] = chunk;
      splitter.feed(chunk, 0, n, at, sink);
      at += n;
    }
    if (splitter.hasPartial()) {
      splitter.flushPartial(sink);
    }
    assembler.flushTimedOut(records::add);
    RecordParser parser = new RecordParser(settings);
    records.forEach(record -> record.parse(parser)); // as the parse thread does
    return records;
  }
}
