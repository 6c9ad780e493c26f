package io.raylog.sink.s3;

import io.raylog.config.BooleanType;
import io.raylog.config.Option;
import io.raylog.config.OptionalType;
import io.raylog.config.PathType;
import io.raylog.config.Problems;
import io.raylog.config.Secret;
import io.raylog.config.SecretType;
import io.raylog.config.SectionValues;
import io.raylog.config.SinkChecks;
import io.raylog.config.TextType;
import io.raylog.config.UrlType;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The options of an S3-compatible store (its bucket, where it is, the credentials) and the rules between them,
 * declared once for every sink that writes to one: {@code s3} and {@code history}. Pure.
 */
public final class S3StoreOptions {

  private S3StoreOptions() {}

  public static final Option<String> BUCKET =
      Option.required(
          "bucket",
          TextType.matching("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", "a bucket name: 3 to 63 lowercase letters, digits, . and -"),
          "The bucket objects are written to. It must exist; raylog does not create it.");

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

  /** Where the store is, in the order the reference lists them: the bucket, then (after a sink's prefix) the rest. */
  public static final List<Option<?>> LOCATION = List.of(ENDPOINT, REGION, FORCE_PATH_STYLE);

  public static final List<Option<?>> CREDENTIALS =
      List.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY, ACCESS_KEY_ID_FILE, SECRET_ACCESS_KEY_FILE);

  /** The rules between the credentials options: static keys or key files, and each with its pair. */
  public static void check(SectionValues values, Problems problems) {
    SinkChecks.exclusive(values, problems, ACCESS_KEY_ID, ACCESS_KEY_ID_FILE);
    SinkChecks.exclusive(values, problems, SECRET_ACCESS_KEY, SECRET_ACCESS_KEY_FILE);
    pair(values, problems, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    pair(values, problems, ACCESS_KEY_ID_FILE, SECRET_ACCESS_KEY_FILE);
  }

  private static void pair(SectionValues values, Problems problems, Option<?> one, Option<?> other) {
    if (values.has(one.key()) != values.has(other.key())) {
      Option<?> missing = values.has(one.key()) ? other : one;
      Option<?> present = missing == one ? other : one;
      problems.add(values.path().child(missing.key()), "required with " + present.key());
    }
  }
}
