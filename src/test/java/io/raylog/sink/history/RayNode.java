package io.raylog.sink.history;

import io.raylog.parse.RayFileNames;
import io.raylog.record.FileProgress;
import io.raylog.record.LogRecord;
import io.raylog.record.PodMetadata;
import io.raylog.record.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Ray pod's temp dir on a node, in a test's temp dir: its session's files written for real, and the records a
 * tailer would make of them (one per complete line, with the file's host path and identity), by file generation:
 * a rename keeps the generation's progress, as the tailer does.
 */
final class RayNode {
  final Path root;
  final PodMetadata pod;
  String session;
  private final Map<String, Generation> byName = new HashMap<>();

  static final class Generation {
    final FileProgress progress = new FileProgress(1, 0);
    final String fileId;
    SourceFile source;
    long offset;

    Generation(String fileId) {
      this.fileId = fileId;
    }
  }

  RayNode(Path root, PodMetadata pod, String session) {
    this.root = root;
    this.pod = pod;
    this.session = session;
  }

  static PodMetadata pod(String name, String nodeType, String ownerKind, String ownerName) {
    return PodMetadata.of("team-a", name, "uid-" + name, "node-1", "ray-" + nodeType, Map.of(), Map.of(),
        "rc-1", nodeType, nodeType.equals("head") ? "headgroup" : "workers", ownerKind, ownerName);
  }

  Path logs() {
    return root.resolve(session).resolve("logs");
  }

  Path path(String relative) {
    return logs().resolve(relative);
  }

  /** Appends {@code text} to the file (created with its directories). */
  void write(String relative, String text) throws IOException {
    Path file = path(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  void writeRaylet(String nodeId) throws IOException {
    write("raylet.out", "[2026-11-25 10:00:31,517 I 58 58] (raylet) main.cc:495: Setting node ID node_id=" + nodeId
        + "\n");
  }

  /** Renames a file as Ray's rotation does; its generation keeps its records' progress. */
  void rename(String from, String to) throws IOException {
    Path target = path(to);
    Files.createDirectories(target.getParent());
    Files.move(path(from), target);
    Generation generation = byName.remove(from);
    if (generation != null) {
      byName.put(to, generation);
      generation.source = source(to, generation.fileId);
    }
  }

  void delete(String relative) throws IOException {
    Files.delete(path(relative));
  }

  /** The records of the complete lines written to the file since the last call, as the tailer would make them. */
  List<LogRecord> read(String relative) throws IOException {
    Path file = path(relative);
    String id = FileIds.of(file);
    Generation generation = byName.get(relative);
    if (generation == null || !generation.fileId.equals(id)) {
      generation = new Generation(id);
      generation.source = source(relative, id);
      byName.put(relative, generation);
    }
    byte[] bytes = Files.readAllBytes(file);
    List<LogRecord> records = new ArrayList<>();
    int start = (int) generation.offset;
    for (int i = start; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
        records.add(LogRecord.of(generation.source, generation.progress, start, i + 1, 0, LogRecord.UNKNOWN_TIME,
            line, false));
        start = i + 1;
      }
    }
    generation.offset = start;
    return records;
  }

  FileProgress progress(String relative) {
    return byName.get(relative).progress;
  }

  private SourceFile source(String relative, String id) {
    return new SourceFile(session, relative, RayFileNames.classify(relative),
        "/tmp/ray/" + session + "/logs/" + relative, pod, false, path(relative), id);
  }
}
