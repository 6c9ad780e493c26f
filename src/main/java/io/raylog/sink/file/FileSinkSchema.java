package io.raylog.sink.file;

import io.raylog.config.IntegerType;
import io.raylog.config.Option;
import io.raylog.config.PathType;
import io.raylog.config.SinkType;
import io.raylog.config.SizeType;
import java.nio.file.Path;
import java.util.List;

/** The {@code file} sink's options and how they bind to its {@link FileSinkConfig}. Pure. */
public final class FileSinkSchema {

  private FileSinkSchema() {}

  public static final Option<Path> PATH =
      Option.required(
          "path",
          new PathType(),
          "The file records are appended to. A relative path is resolved against raylog's working directory."
              + " Two sinks cannot write the same file.");

  public static final Option<Long> MAX_FILE_BYTES =
      Option.optional(
          "max_file_bytes",
          SizeType.any(),
          0L,
          "Roll the file when the next batch would make it larger than this. `0` never rolls.");

  public static final Option<Integer> MAX_FILES =
      Option.optional(
          "max_files",
          IntegerType.between(0, 10_000),
          5,
          "How many rolled files are kept beside the active one; older ones are deleted.");

  public static final Option<FileSinkConfig.Fsync> FSYNC =
      Option.choice(
          "fsync",
          FileSinkConfig.Fsync.NEVER,
          "`never`: a batch is acknowledged once written, which survives a crash of raylog but not of the machine."
              + " `batch`: every batch is fsynced before it is acknowledged, which survives a machine crash and"
              + " costs throughput.");

  public static final SinkType TYPE =
      new SinkType(
          "file",
          "NDJSON records appended to a local file, rolled by size.",
          List.of(PATH, MAX_FILE_BYTES, MAX_FILES, FSYNC),
          values -> values.bind(FileSinkConfig.class));
}
