package io.raylog.sink.s3;

import io.raylog.config.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Where the s3 sink's credentials come from: the AWS SDK's default chain (environment, web identity for IRSA or
 * EKS Pod Identity, profile, instance metadata), static keys given in the configuration (usually {@code ${ENV}}), or
 * static keys read from files (a mounted Kubernetes Secret), read again when a file changes so rotated keys are used
 * without a restart.
 */
public sealed interface S3Credentials {

  AwsCredentialsProvider provider();

  /** The credentials a sink's options give: static keys, else key files, else the default chain. */
  static S3Credentials of(Optional<Secret> accessKeyId, Optional<Secret> secretAccessKey, Optional<Path> accessKeyIdFile,
      Optional<Path> secretAccessKeyFile) {
    if (accessKeyId.isPresent()) {
      return new Static(accessKeyId.get(), secretAccessKey.orElseThrow());
    }
    if (accessKeyIdFile.isPresent()) {
      return new Files(accessKeyIdFile.get(), secretAccessKeyFile.orElseThrow());
    }
    return new DefaultChain();
  }

  record DefaultChain() implements S3Credentials {
    @Override
    public AwsCredentialsProvider provider() {
      return DefaultCredentialsProvider.builder().build();
    }
  }

  record Static(Secret accessKeyId, Secret secretAccessKey) implements S3Credentials {
    @Override
    public AwsCredentialsProvider provider() {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(accessKeyId.reveal(), secretAccessKey.reveal()));
    }
  }

  record Files(Path accessKeyIdFile, Path secretAccessKeyFile) implements S3Credentials {
    @Override
    public AwsCredentialsProvider provider() {
      return new FileCredentialsProvider(accessKeyIdFile, secretAccessKeyFile);
    }
  }

  /** Reads both files, again whenever either one's modification time changes. Thread-safe. */
  final class FileCredentialsProvider implements AwsCredentialsProvider {
    private final Path idFile;
    private final Path keyFile;
    private FileTime idTime;
    private FileTime keyTime;
    private AwsCredentials cached;

    FileCredentialsProvider(Path idFile, Path keyFile) {
      this.idFile = idFile;
      this.keyFile = keyFile;
    }

    @Override
    public synchronized AwsCredentials resolveCredentials() {
      try {
        FileTime id = java.nio.file.Files.getLastModifiedTime(idFile);
        FileTime key = java.nio.file.Files.getLastModifiedTime(keyFile);
        if (cached == null || !id.equals(idTime) || !key.equals(keyTime)) {
          cached = AwsBasicCredentials.create(read(idFile), read(keyFile));
          idTime = id;
          keyTime = key;
        }
        return cached;
      } catch (IOException e) {
        // The message names the file, never its content.
        throw new UncheckedIOException("cannot read the S3 credentials files: " + e.getMessage(), e);
      }
    }

    private static String read(Path file) throws IOException {
      return java.nio.file.Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    @Override
    public String toString() {
      return "FileCredentialsProvider[" + idFile + ", " + keyFile + "]";
    }
  }

}
