package io.raylog.redact;

import io.raylog.parse.ParseEvents;
import io.raylog.parse.ParseSettings;
import io.raylog.parse.RayFileNames;
import io.raylog.parse.RecordAssembler;
import io.raylog.parse.RecordParser;
import io.raylog.record.FileProgress;
import io.raylog.record.JsonBytes;
import io.raylog.record.LogRecord;
import io.raylog.record.NdjsonEncoder;
import io.raylog.record.SourceFile;
import io.raylog.tail.LineSplitter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A file's text as the tail and parse threads make records of it, and a record as the NDJSON sinks write it. */
final class ParsedRecords {
  static final String SESSION = "session_2026-11-25_10-00-00_123456_1";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ParsedRecords() {}

  static List<LogRecord> of(String relativePath, String text) {
    List<LogRecord> records = new ArrayList<>();
    SourceFile source = new SourceFile(SESSION, relativePath, RayFileNames.classify(relativePath),
        "/tmp/ray/" + SESSION + "/logs/" + relativePath);
    RecordAssembler assembler = new RecordAssembler(source, ParseSettings.defaults(), new ParseEvents() {}, null);
    FileProgress progress = new FileProgress(1, 0);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    LineSplitter splitter = new LineSplitter(1 << 20);
    LineSplitter.LineSink sink = (b, from, length, start, end, split) ->
        assembler.line(b, from, length, start, end, split, 0, progress, records::add);
    splitter.feed(bytes, 0, bytes.length, 0, sink);
    if (splitter.hasPartial()) {
      splitter.flushPartial(sink);
    }
    assembler.flushTimedOut(records::add);
    RecordParser parser = new RecordParser(ParseSettings.defaults());
    records.forEach(record -> record.parse(parser));
    return records;
  }

  /** The record as NDJSON, read back by Jackson: fails on invalid JSON. */
  static JsonNode json(LogRecord record) {
    JsonBytes out = new JsonBytes(256);
    new NdjsonEncoder().encode(record, out);
    return JSON.readTree(out.toByteArray());
  }

  static String ndjson(LogRecord record) {
    JsonBytes out = new JsonBytes(256);
    new NdjsonEncoder().encode(record, out);
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }
}
