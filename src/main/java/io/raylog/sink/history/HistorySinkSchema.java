package io.raylog.sink.history;

import io.raylog.config.DurationType;
import io.raylog.config.IntegerType;
import io.raylog.config.NetworkSinkSchema;
import io.raylog.config.Option;
import io.raylog.config.OptionalTextType;
import io.raylog.config.SinkType;
import io.raylog.sink.s3.S3SinkSchema;
import io.raylog.sink.s3.S3StoreOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The {@code history} sink's options; the store ones are {@link S3StoreOptions}, shared with the {@code s3} sink. */
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
          values -> values.bind(HistorySinkConfig.class),
          (sink, values, problems) -> S3StoreOptions.check(values, problems));

  private static List<Option<?>> options() {
    List<Option<?>> options = new ArrayList<>(List.of(S3StoreOptions.BUCKET, PREFIX));
    options.addAll(S3StoreOptions.LOCATION);
    options.addAll(S3StoreOptions.CREDENTIALS);
    options.addAll(List.of(UPLOAD_INTERVAL, NODE_ID_WAIT, S3SinkSchema.REQUEST_TIMEOUT));
    options.addAll(NetworkSinkSchema.deliveryWith(MAX_IN_FLIGHT));
    return List.copyOf(options);
  }
}
