package io.raylog.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code sinks} list: the options every sink takes, and each sink type with its own. */
final class SinkSchema {

  private SinkSchema() {}

  static final Option<String> NAME =
      Option.required(
          "name",
          TextType.matching("[a-z0-9_-]+", "lowercase letters, digits, _ and -"),
          "Names the sink in metrics, logs and checkpoints. Unique across sinks.");

  static final Option<Path> FILE_PATH =
      Option.required(
          "path",
          new PathType(),
          "The file records are appended to. A relative path is resolved against raylog's working directory."
              + " Two sinks cannot write the same file.");

  static final Option<Long> FILE_MAX_FILE_BYTES =
      Option.optional(
          "max_file_bytes",
          SizeType.any(),
          0L,
          "Roll the file when the next batch would make it larger than this. `0` never rolls.");

  static final Option<Integer> FILE_MAX_FILES =
      Option.optional(
          "max_files",
          IntegerType.between(0, 10_000),
          5,
          "How many rolled files are kept beside the active one; older ones are deleted.");

  static final Option<SinkConfig.Fsync> FILE_FSYNC =
      Option.optional(
          "fsync",
          ChoiceType.of(SinkConfig.Fsync.class),
          SinkConfig.Fsync.NEVER,
          "`never`: a batch is acknowledged once written, which survives a crash of raylog but not of the machine."
              + " `batch`: every batch is fsynced before it is acknowledged, which survives a machine crash and"
              + " costs throughput.");

  static final SinkType STDOUT =
      new SinkType(
          "stdout",
          "NDJSON records on raylog's standard output, one per line: for trying raylog out, or for a runtime that"
              + " collects the container's output.",
          List.of(),
          values -> new SinkConfig.Stdout(values.get(NAME)));

  static final SinkType FILE =
      new SinkType(
          "file",
          "NDJSON records appended to a local file, rolled by size.",
          List.of(FILE_PATH, FILE_MAX_FILE_BYTES, FILE_MAX_FILES, FILE_FSYNC),
          values ->
              new SinkConfig.File(
                  values.get(NAME),
                  values.get(FILE_PATH),
                  values.get(FILE_MAX_FILE_BYTES),
                  values.get(FILE_MAX_FILES),
                  values.get(FILE_FSYNC)));

  static final List<SinkType> TYPES = List.of(STDOUT, FILE);

  static final Option<SinkType> TYPE =
      Option.required("type", ChoiceType.named("sink type", byName(TYPES)), "Which kind of sink this is; see below.");

  static final SinkList SINKS =
      new SinkList(
          "sinks",
          "Where records go. Required: at least one sink. Every record is sent to every sink, and a file's"
              + " checkpoint advances only when every sink has acknowledged its records.",
          List.of(NAME, TYPE),
          TYPE,
          TYPES);

  private static Map<String, SinkType> byName(List<SinkType> types) {
    Map<String, SinkType> byName = new LinkedHashMap<>();
    types.forEach(type -> byName.put(type.name(), type));
    return byName;
  }
}
