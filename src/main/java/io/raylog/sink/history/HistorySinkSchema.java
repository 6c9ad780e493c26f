package io.raylog.sink.history;

import io.raylog.config.DurationType;
import io.raylog.config.IntegerType;
import io.raylog.config.NetworkSinkSchema;
import io.raylog.config.Option;
import io.raylog.config.OptionalTextType;
import io.raylog.config.Problems;
import io.raylog.config.SectionValues;
import io.raylog.config.SinkChecks;
import io.raylog.config.SinkConfig;
import io.raylog.config.SinkSchema;
import io.raylog.config.SinkType;
import io.raylog.sink.s3.S3SinkSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The {@code history} sink's options; the bucket and credentials ones are the {@code s3} sink's. */
public final class HistorySinkSchema {

  private HistorySinkSchema() {}

  public static final Option<String> PREFIX =
      Option.optional(
          "prefix",
          OptionalTextType.matching("[A-Za-z0-9!_.*'()/=-]+", "letters, digits, / and !_.*'()=-"),
          "",
          "The History Server's root dir inside the bucket (its storage `rootDir`); joined as the server joins it."
              + " Empty: the bucket's root.");

  public static final Option<Duration> UPLOAD_INTERVAL =
      Option.optional(
          "upload_interval",
          DurationType.atLeast(Duration.ofSeconds(1)),
          Duration.ofMinutes(1),
          "How often a growing file's object is brought up to date (only its new bytes are sent). A file seen for"
              + " the first time goes up at once; files go up earlier when the pipeline's memory is full, and at"
              + " shutdown.");

  public static final Option<Duration> NODE_ID_WAIT =
      Option.optional(
          "node_id_wait",
          DurationType.atLeast(Duration.ofSeconds(1)),
          Duration.ofMinutes(2),
          "How long a session's files wait for the raylet to write its node id into `raylet.out`; after that they"
              + " go under the pod's name as their node.");

  public static final Option<Integer> MAX_IN_FLIGHT =
      Option.optional(
          "max_in_flight",
          IntegerType.between(1, 65_536),
          1024,
          "Batches waiting for their files' uploads, at once. When reached, every waiting file is uploaded."
              + " Batches wait up to `upload_interval`, hence the high default; memory stays bounded by"
              + " `pipeline.memory_limit`.");

  public static final SinkType TYPE =
      new SinkType(
          "history",
          "Ray's log files, byte for byte, in the layout the KubeRay History Server reads, in an S3 bucket (AWS or"
              + " S3-compatible), brought up to date every `upload_interval` with multipart part copies. A batch is"
              + " acknowledged only once its files are uploaded past its records. See"
              + " [history-server.md](history-server.md).",
          options(),
          values ->
              new HistorySinkConfig(
                  values.get(SinkSchema.NAME),
                  values.get(SinkSchema.FILTER),
                  new SinkConfig.Delivery(values.get(MAX_IN_FLIGHT),
                      values.get(NetworkSinkSchema.RETRY_INITIAL_BACKOFF),
                      values.get(NetworkSinkSchema.RETRY_MAX_BACKOFF), values.get(NetworkSinkSchema.DEAD_LETTER_PATH),
                      values.get(NetworkSinkSchema.DEAD_LETTER_MAX_FILE_BYTES)),
                  values.get(S3SinkSchema.BUCKET),
                  values.get(PREFIX),
                  values.get(S3SinkSchema.ENDPOINT),
                  values.get(S3SinkSchema.REGION),
                  values.get(S3SinkSchema.FORCE_PATH_STYLE),
                  values.get(S3SinkSchema.ACCESS_KEY_ID),
                  values.get(S3SinkSchema.SECRET_ACCESS_KEY),
                  values.get(S3SinkSchema.ACCESS_KEY_ID_FILE),
                  values.get(S3SinkSchema.SECRET_ACCESS_KEY_FILE),
                  values.get(UPLOAD_INTERVAL),
                  values.get(NODE_ID_WAIT),
                  values.get(S3SinkSchema.REQUEST_TIMEOUT)),
          (sink, values, problems) -> check(values, problems));

  private static List<Option<?>> options() {
    List<Option<?>> options = new ArrayList<>(List.of(S3SinkSchema.BUCKET, PREFIX, S3SinkSchema.ENDPOINT,
        S3SinkSchema.REGION, S3SinkSchema.FORCE_PATH_STYLE, S3SinkSchema.ACCESS_KEY_ID,
        S3SinkSchema.SECRET_ACCESS_KEY, S3SinkSchema.ACCESS_KEY_ID_FILE, S3SinkSchema.SECRET_ACCESS_KEY_FILE,
        UPLOAD_INTERVAL, NODE_ID_WAIT, S3SinkSchema.REQUEST_TIMEOUT, MAX_IN_FLIGHT));
    NetworkSinkSchema.DELIVERY.stream().filter(o -> o != NetworkSinkSchema.MAX_IN_FLIGHT).forEach(options::add);
    return List.copyOf(options);
  }

  /** The rules between options of one history entry: the s3 sink's credentials rules. */
  private static void check(SectionValues values, Problems problems) {
    SinkChecks.exclusive(values, problems, S3SinkSchema.ACCESS_KEY_ID, S3SinkSchema.ACCESS_KEY_ID_FILE);
    SinkChecks.exclusive(values, problems, S3SinkSchema.SECRET_ACCESS_KEY, S3SinkSchema.SECRET_ACCESS_KEY_FILE);
    S3SinkSchema.pair(values, problems, S3SinkSchema.ACCESS_KEY_ID, S3SinkSchema.SECRET_ACCESS_KEY);
    S3SinkSchema.pair(values, problems, S3SinkSchema.ACCESS_KEY_ID_FILE, S3SinkSchema.SECRET_ACCESS_KEY_FILE);
  }
}
