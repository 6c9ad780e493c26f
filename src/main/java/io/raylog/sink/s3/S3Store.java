package io.raylog.sink.s3;

import io.raylog.config.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an S3-compatible store is and how raylog signs in to it: the {@link S3StoreOptions} other than the bucket,
 * which the {@code s3} and {@code history} sinks both take, written flat in the sink's entry. One record so that the
 * two sinks' configurations cannot drift apart. Secrets are {@link Secret}s, which never print.
 *
 * @param endpoint an S3-compatible store's URL; empty: AWS S3 in {@code region}
 * @param accessKeyId static credentials, with {@code secretAccessKey}; all four empty: the AWS default chain
 * @param accessKeyIdFile static credentials read from files, read again when they change
 */
public record S3Store(
    Optional<URI> endpoint,
    String region,
    boolean forcePathStyle,
    Optional<Secret> accessKeyId,
    Optional<Secret> secretAccessKey,
    Optional<Path> accessKeyIdFile,
    Optional<Path> secretAccessKeyFile) {

  /** The credentials these options give: static keys, else key files, else the default chain. */
  public S3Credentials credentials() {
    return S3Credentials.of(accessKeyId, secretAccessKey, accessKeyIdFile, secretAccessKeyFile);
  }
}
