package io.raylog.sink.s3;

import static io.raylog.config.ByteSize.GIB;
import static io.raylog.config.ByteSize.KIB;
import static io.raylog.config.ByteSize.MIB;

import io.raylog.config.DurationType;
import io.raylog.config.IntegerType;
import io.raylog.config.NetworkSinkSchema;
import io.raylog.config.Option;
import io.raylog.config.OptionalType;
import io.raylog.config.Problems;
import io.raylog.config.SectionValues;
import io.raylog.config.SinkType;
import io.raylog.config.SizeType;
import io.raylog.config.TextType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code s3} sink's options. */
public final class S3SinkSchema {

  private S3SinkSchema() {}

  public static final Option<Optional<String>> PREFIX =
      OptionalType.option(
          "prefix",
          TextType.matching("[A-Za-z0-9!_.*'()/=-]+", "letters, digits, / and !_.*'()=-"),
          "Prepended to every object key (a `/` is added when it does not end with one). Unset: keys start with"
              + " the layout.");

  public static final Option<String> LAYOUT =
      Option.optional(
          "layout",
          TextType.matching("\\S+", "without whitespace"),
          ObjectLayout.DEFAULT,
          "The object key below `prefix`, from the fields `{namespace}`, `{ray_cluster}`, `{session}`, `{pod}`,"
              + " `{node}` and `{file}` (the path below the session's `logs/`); it must contain `{session}` and"
              + " `{file}`. Each object is `<layout>/<offset>_<id>.ndjson.gz` (`.ndjson.zst` with zstd), named by"
              + " the file offset (20 digits) and `log.id` of its first record, so that a range sent again after a"
              + " crash replaces the object that starts at the same record. An unknown field is `unknown`. The"
              + " default follows KubeRay's history server.");

  public static final Option<Long> MAX_OBJECT_BYTES =
      Option.optional(
          "max_object_bytes",
          SizeType.between(KIB, 5 * GIB),
          16 * MIB,
          "An object is uploaded once its compressed size reaches this.");

  public static final Option<ObjectCompression> COMPRESSION =
      Option.choice(
          "compression",
          ObjectCompression.GZIP,
          "How objects are compressed: `gzip` (`.ndjson.gz`, read by every tool, zcat included) or `zstd`"
              + " (`.ndjson.zst`: at level 1 about a quarter of gzip's CPU and a quarter smaller; read by zstdcat,"
              + " Athena, Spark, DuckDB and ClickHouse, not by zcat).");

  public static final Option<Integer> COMPRESSION_LEVEL =
      Option.optional(
          "compression_level",
          IntegerType.between(1, ObjectCompression.ZSTD.maxLevel()),
          1,
          "The level of `compression`, 1 (fastest) to 9 for gzip, to 19 for zstd. On raylog's NDJSON, gzip's level"
              + " 1 shrinks it about 12 times, level 6 (gzip's own default) about 15 times for 2.3 times the CPU;"
              + " zstd's level 1 shrinks it a third more than gzip's level 1.");

  public static final Option<Duration> ROLL_INTERVAL =
      Option.optional(
          "roll_interval",
          DurationType.atLeast(Duration.ofSeconds(1)),
          Duration.ofMinutes(5),
          "An object is uploaded at the latest this long after its first record: how stale the bucket may be."
              + " Objects go up earlier when the pipeline's memory is full, and at shutdown.");

  public static final Option<Duration> REQUEST_TIMEOUT =
      Option.optional(
          "request_timeout",
          DurationType.atLeast(Duration.ofSeconds(1)),
          Duration.ofSeconds(60),
          "How long one attempt of an upload may take. A failed attempt is made again as the same object, up to 3"
              + " attempts; then the delivery stage retries the batches with its backoff.");

  public static final Option<Integer> MAX_IN_FLIGHT =
      Option.optional(
          "max_in_flight",
          IntegerType.between(1, 65_536),
          1024,
          "Batches whose records are in objects not yet uploaded, at once. When reached, every open object is"
              + " uploaded. Batches wait in open objects up to `roll_interval`, hence the high default; memory stays"
              + " bounded by `pipeline.memory_limit`.");

  public static final SinkType TYPE =
      new SinkType(
          "s3",
          "Records as compressed NDJSON objects (gzip or zstd) in an S3 bucket (AWS or S3-compatible), one series"
              + " of objects per Ray log file, rolled by size and time. A batch is acknowledged only once every"
              + " object holding its records has been uploaded.",
          options(),
          values -> values.bind(S3SinkConfig.class),
          (sink, values, problems) -> check((S3SinkConfig) sink, values, problems));

  private static List<Option<?>> options() {
    List<Option<?>> options = new ArrayList<>(List.of(S3StoreOptions.BUCKET, PREFIX));
    options.addAll(S3StoreOptions.LOCATION);
    options.addAll(S3StoreOptions.CREDENTIALS);
    options.addAll(List.of(LAYOUT, MAX_OBJECT_BYTES, COMPRESSION, COMPRESSION_LEVEL, ROLL_INTERVAL,
        REQUEST_TIMEOUT));
    // Its own max_in_flight replaces the common one: a batch waits in an open object until the object goes up.
    options.addAll(NetworkSinkSchema.deliveryWith(MAX_IN_FLIGHT));
    return List.copyOf(options);
  }

  /** The rules between options of one s3 entry. */
  private static void check(S3SinkConfig sink, SectionValues values, Problems problems) {
    if (values.valid(LAYOUT)) {
      String problem = ObjectLayout.problem(sink.layout());
      if (problem != null) {
        problems.add(values.path().child(LAYOUT.key()), problem);
      }
    }
    if (values.valid(COMPRESSION, COMPRESSION_LEVEL) && sink.compressionLevel() > sink.compression().maxLevel()) {
      problems.add(values.path().child(COMPRESSION_LEVEL.key()), "must be from 1 to " + sink.compression().maxLevel()
          + " for compression " + sink.compression().contentEncoding() + ", not " + sink.compressionLevel());
    }
    S3StoreOptions.check(values, problems);
  }
}
