package io.raylog.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.record.JsonBytes;
import io.raylog.record.LogRecord;
import io.raylog.record.NdjsonEncoder;
import io.raylog.record.ParsedFieldReader;
import io.raylog.record.RayKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The typed fields sinks and filters read from a record (OTLP attributes, filters on Ray ids) are exactly what its
 * NDJSON shows, over every record of the bundled Ray sessions: read back from the parse's own fragments, held to
 * Jackson's reading of the encoded record.
 */
class ParsedFieldReaderTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Path SESSIONS = Path.of(System.getProperty("basedir", "."), "test-fixtures", "ray");

  @Test
  void everyParsedFieldReadsBackAsTheRecordsJsonHasIt() throws IOException {
    int records = 0;
    int fields = 0;
    for (Path file : logFiles()) {
      String relative = file.toString().substring(file.toString().indexOf("/logs/") + "/logs/".length());
      List<LogRecord> parsed = Assembled.parsed(relative, Files.readString(file, StandardCharsets.ISO_8859_1),
          ParseSettings.defaults(), null, 0);
      for (LogRecord record : parsed) {
        JsonNode json = encoded(record);
        Set<String> attributesSeen = new HashSet<>();
        int[] count = {0};
        ParsedFieldReader.forEach(record, (rayField, key, kind, value, number) -> {
          JsonNode expected = json.get(rayField ? "ray" : "attributes").get(key);
          assertThat(expected).as("%s: %s in %s", relative, key, json).isNotNull();
          switch (kind) {
            case TEXT -> assertThat(value).isEqualTo(expected.asString());
            case WHOLE_NUMBER -> assertThat(number).isEqualTo(expected.asLong());
            case OTHER_JSON -> assertThat(JSON.readTree(value)).isEqualTo(expected);
          }
          if (rayField) {
            assertThat(ParsedFieldReader.rayField(record, rayKey(key))).isEqualTo(
                kind == ParsedFieldReader.Kind.TEXT ? expected.asString() : value);
          } else {
            attributesSeen.add(key);
          }
          count[0]++;
        });
        JsonNode attributes = json.get("attributes");
        if (attributes != null) {
          assertThat(attributesSeen).as("every attribute is read back: %s", json)
              .containsExactlyInAnyOrderElementsOf(attributes.propertyNames());
        }
        records++;
        fields += count[0];
      }
    }
    assertThat(records).isGreaterThan(100);
    assertThat(fields).as("the fixtures carry parsed fields").isGreaterThan(records);
  }

  @Test
  void aFieldTheRecordLacksIsNull() throws IOException {
    LogRecord record = Assembled.parsed("raylet.out",
        "[2026-11-25 10:00:00,123 I 1829336 1829336] (raylet) main.cc:10: started\n", ParseSettings.defaults(), null,
        0).get(0);
    assertThat(ParsedFieldReader.rayField(record, RayKey.TID)).isEqualTo("1829336");
    assertThat(ParsedFieldReader.rayField(record, RayKey.JOB_ID)).isNull();
  }

  private static RayKey rayKey(String name) {
    for (RayKey key : RayKey.values()) {
      if (key.fieldName.equals(name)) {
        return key;
      }
    }
    throw new AssertionError("not a ray key: " + name);
  }

  private static JsonNode encoded(LogRecord record) {
    JsonBytes out = new JsonBytes(256);
    new NdjsonEncoder().encode(record, out);
    return JSON.readTree(out.toByteArray());
  }

  private static List<Path> logFiles() throws IOException {
    try (Stream<Path> files = Files.walk(SESSIONS)) {
      return files.filter(Files::isRegularFile).filter(f -> f.toString().contains("/logs/"))
          .filter(f -> !Files.isSymbolicLink(f)).sorted().toList();
    }
  }
}
