package io.raylog.sink.s3;

import static io.raylog.config.ByteSize.GIB;
import static io.raylog.config.ByteSize.KIB;
import static io.raylog.config.ByteSize.MIB;

import io.raylog.config.BooleanType;
import io.raylog.config.DurationType;
import io.raylog.config.IntegerType;
import io.raylog.config.KeyPath;
import io.raylog.config.NetworkSinkSchema;
import io.raylog.config.Option;
import io.raylog.config.OptionalType;
import io.raylog.config.PathType;
import io.raylog.config.Problems;
import io.raylog.config.Secret;
import io.raylog.config.SecretType;
import io.raylog.config.SectionValues;
import io.raylog.config.SinkChecks;
import io.raylog.config.SinkConfig;
import io.raylog.config.SinkSchema;
import io.raylog.config.SinkType;
import io.raylog.config.SizeType;
import io.raylog.config.TextType;
import io.raylog.config.UrlType;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code s3} sink's options. */
public final class S3SinkSchema {

  private S3SinkSchema() {}

  public static final Option<String> BUCKET =
      Option.required(
          "bucket",
          TextType.matching("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", "a bucket name: 3 to 63 lowercase letters, digits, . and -"),
          "The bucket objects are written to. It must exist; raylog does not create it.");

  public static final Option<Optional<String>> PREFIX =
      OptionalType.option(
          "prefix",
          TextType.matching("[A-Za-z0-9!_.*'()/=-]+", "letters, digits, / and !_.*'()=-"),
          "Prepended to every object key (a `/` is added when it does not end with one). Unset: keys start with"
              + " the layout.");

  public static final Option<Optional<URI>> ENDPOINT =
      OptionalType.option(
          "endpoint",
          new UrlType(),
          "The URL of an S3-compatible store (MinIO, Ceph, GCS's XML API, …). Unset: AWS S3 in `region`.");

  public static final Option<String> REGION =
      Option.optional(
          "region",
          TextType.matching("[a-z0-9-]+", "lowercase letters, digits and -"),
          "us-east-1",
          "The region requests are signed for (and, without `endpoint`, the AWS region of the bucket).");

  public static final Option<Boolean> FORCE_PATH_STYLE =
      Option.optional(
          "force_path_style",
          new BooleanType(),
          false,
          "Address the bucket as `endpoint/bucket/key` rather than `bucket.endpoint/key`; most S3-compatible stores"
              + " need it.");

  public static final Option<Optional<Secret>> ACCESS_KEY_ID =
      OptionalType.option(
          "access_key_id",
          new SecretType(),
          "Static credentials, with `secret_access_key` (e.g. `${AWS_ACCESS_KEY_ID}`). Unset, with no key files:"
              + " the AWS default chain (environment, IRSA or EKS Pod Identity web identity, profile, instance"
              + " metadata).");

  public static final Option<Optional<Secret>> SECRET_ACCESS_KEY =
      OptionalType.option("secret_access_key", new SecretType(), "Static credentials, with `access_key_id`.");

  public static final Option<Optional<Path>> ACCESS_KEY_ID_FILE =
      OptionalType.option(
          "access_key_id_file",
          new PathType(),
          "Static credentials from files (a mounted Kubernetes Secret), with `secret_access_key_file`; read again"
              + " when they change, so rotated keys are used without a restart.");

  public static final Option<Optional<Path>> SECRET_ACCESS_KEY_FILE =
      OptionalType.option(
          "secret_access_key_file", new PathType(), "Static credentials from files, with `access_key_id_file`.");

  public static final Option<String> LAYOUT =
      Option.optional(
          "layout",
          TextType.matching("\\S+", "without whitespace"),
          ObjectLayout.DEFAULT,
          "The object key below `prefix`, from the fields `{namespace}`, `{ray_cluster}`, `{session}`, `{pod}`,"
              + " `{node}` and `{file}` (the path below the session's `logs/`); it must contain `{session}` and"
              + " `{file}`. Each object is `<layout>/<time>_<offset>.ndjson.gz`, named by the time and file offset"
              + " of its first record. An unknown field is `unknown`. The default follows KubeRay's history server.");

  public static final Option<Long> MAX_OBJECT_BYTES =
      Option.optional(
          "max_object_bytes",
          SizeType.between(KIB, 5 * GIB),
          16 * MIB,
          "An object is uploaded once its compressed size reaches this.");

  public static final Option<Integer> COMPRESSION_LEVEL =
      Option.optional(
          "compression_level",
          IntegerType.between(1, 9),
          1,
          "The gzip level of the objects, 1 (fastest) to 9. On raylog's NDJSON, level 1 shrinks it about 12"
              + " times, level 6 (gzip's own default) about 15 times for 2.3 times the CPU.");

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
          "Records as gzip NDJSON objects in an S3 bucket (AWS or S3-compatible), one series of objects per Ray"
              + " log file, rolled by size and time. A batch is acknowledged only once every object holding its"
              + " records has been uploaded.",
          options(),
          values ->
              new S3SinkConfig(
                  values.get(SinkSchema.NAME),
                  values.get(SinkSchema.FILTER),
                  new SinkConfig.Delivery(values.get(MAX_IN_FLIGHT),
                      values.get(NetworkSinkSchema.RETRY_INITIAL_BACKOFF),
                      values.get(NetworkSinkSchema.RETRY_MAX_BACKOFF), values.get(NetworkSinkSchema.DEAD_LETTER_PATH),
                      values.get(NetworkSinkSchema.DEAD_LETTER_MAX_FILE_BYTES)),
                  values.get(BUCKET),
                  values.get(PREFIX).orElse(""),
                  values.get(ENDPOINT),
                  values.get(REGION),
                  values.get(FORCE_PATH_STYLE),
                  values.get(ACCESS_KEY_ID),
                  values.get(SECRET_ACCESS_KEY),
                  values.get(ACCESS_KEY_ID_FILE),
                  values.get(SECRET_ACCESS_KEY_FILE),
                  values.get(LAYOUT),
                  values.get(MAX_OBJECT_BYTES),
                  values.get(COMPRESSION_LEVEL),
                  values.get(ROLL_INTERVAL),
                  values.get(REQUEST_TIMEOUT)),
          (sink, values, problems) -> check((S3SinkConfig) sink, values, problems));

  private static List<Option<?>> options() {
    List<Option<?>> options = new ArrayList<>(List.of(BUCKET, PREFIX, ENDPOINT, REGION, FORCE_PATH_STYLE,
        ACCESS_KEY_ID, SECRET_ACCESS_KEY, ACCESS_KEY_ID_FILE, SECRET_ACCESS_KEY_FILE, LAYOUT, MAX_OBJECT_BYTES,
        COMPRESSION_LEVEL, ROLL_INTERVAL, REQUEST_TIMEOUT, MAX_IN_FLIGHT));
    // Its own max_in_flight replaces the common one: a batch waits in an open object until the object goes up.
    NetworkSinkSchema.DELIVERY.stream().filter(o -> o != NetworkSinkSchema.MAX_IN_FLIGHT).forEach(options::add);
    return List.copyOf(options);
  }

  /** The rules between options of one s3 entry. */
  private static void check(S3SinkConfig sink, SectionValues values, Problems problems) {
    KeyPath path = values.path();
    if (values.valid(LAYOUT)) {
      String problem = ObjectLayout.problem(sink.layout());
      if (problem != null) {
        problems.add(path.child(LAYOUT.key()), problem);
      }
    }
    SinkChecks.exclusive(values, problems, ACCESS_KEY_ID, ACCESS_KEY_ID_FILE);
    SinkChecks.exclusive(values, problems, SECRET_ACCESS_KEY, SECRET_ACCESS_KEY_FILE);
    pair(values, problems, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    pair(values, problems, ACCESS_KEY_ID_FILE, SECRET_ACCESS_KEY_FILE);
  }

  public static void pair(SectionValues values, Problems problems, Option<?> one, Option<?> other) {
    if (values.has(one.key()) != values.has(other.key())) {
      Option<?> missing = values.has(one.key()) ? other : one;
      Option<?> present = missing == one ? other : one;
      problems.add(values.path().child(missing.key()), "required with " + present.key());
    }
  }
}
