package io.raylog.e2e;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the NDJSON records a sink wrote, incrementally, failing on any line that is not one JSON object. */
final class NdjsonFile {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path path;
  private long offset;
  private final List<JsonNode> records = new ArrayList<>();

  NdjsonFile(Path path) {
    this.path = path;
  }

  /** Reads what was appended since the last call; returns all records so far. */
  List<JsonNode> poll() throws IOException {
    if (!Files.exists(path)) {
      return records;
    }
    try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
      long length = file.length();
      if (length <= offset) {
        return records;
      }
      byte[] bytes = new byte[(int) (length - offset)];
      file.seek(offset);
      file.readFully(bytes);
      int lineStart = 0;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
          JsonNode node = JSON.readTree(line);
          if (node == null || !node.isObject()) {
            throw new AssertionError("not a JSON object in " + path + ": " + line);
          }
          records.add(node);
          lineStart = i + 1;
        }
      }
      offset += lineStart;
    }
    return records;
  }
}
