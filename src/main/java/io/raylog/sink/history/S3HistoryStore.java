package io.raylog.sink.history;

import io.raylog.sink.s3.S3Clients;
import io.raylog.sink.s3.S3Credentials;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3 bucket (AWS or S3-compatible) through the AWS SDK's asynchronous client, used blocking from the sink's
 * thread. The SDK makes each request up to 3 times; raylog retries after that with its backoff. Thread-safe.
 */
public final class S3HistoryStore implements HistoryStore {
  /** Ray's logs are text; the History Server serves them as it reads them, whatever the type. */
  private static final String TEXT = "text/plain; charset=utf-8";

  private final S3Clients.Connection connection;
  private final S3AsyncClient client;
  private final String bucket;

  public S3HistoryStore(String bucket, Optional<URI> endpoint, String region, boolean forcePathStyle,
      S3Credentials credentials, Duration requestTimeout) {
    this.bucket = bucket;
    this.connection = S3Clients.connect(endpoint, region, forcePathStyle, credentials, requestTimeout, 16, 3,
        RequestChecksumCalculation.WHEN_SUPPORTED);
    this.client = connection.client();
  }

  @Override
  public Optional<Stored> head(String key) {
    try {
      HeadObjectResponse response = join(client.headObject(r -> r.bucket(bucket).key(key)));
      return Optional.of(new Stored(response.contentLength(), response.metadata()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void put(String key, byte[] content, Map<String, String> metadata) {
    join(client.putObject(r -> r.bucket(bucket).key(key).metadata(metadata).contentType(TEXT),
        AsyncRequestBody.fromBytesUnsafe(content)));
  }

  @Override
  public String createMultipart(String key, Map<String, String> metadata) {
    return join(client.createMultipartUpload(r -> r.bucket(bucket).key(key).metadata(metadata)
        .contentType(TEXT))).uploadId();
  }

  @Override
  public String uploadPart(String key, String uploadId, int partNumber, byte[] content) {
    return join(client.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
        AsyncRequestBody.fromBytesUnsafe(content))).eTag();
  }

  @Override
  public String copyPart(String key, String uploadId, int partNumber, String sourceKey, long from, long to) {
    return join(client.uploadPartCopy(r -> r.sourceBucket(bucket).sourceKey(sourceKey).destinationBucket(bucket)
        .destinationKey(key).uploadId(uploadId).partNumber(partNumber)
        .copySourceRange("bytes=" + from + "-" + (to - 1)))).copyPartResult().eTag();
  }

  @Override
  public void completeMultipart(String key, String uploadId, List<String> etags) {
    List<CompletedPart> parts = new ArrayList<>();
    for (int i = 0; i < etags.size(); i++) {
      parts.add(CompletedPart.builder().partNumber(i + 1).eTag(etags.get(i)).build());
    }
    join(client.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
        .multipartUpload(m -> m.parts(parts))));
  }

  @Override
  public void abortMultipart(String key, String uploadId) {
    join(client.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)));
  }

  @Override
  public void delete(String key) {
    join(client.deleteObject(r -> r.bucket(bucket).key(key)));
  }

  private static <T> T join(java.util.concurrent.CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    connection.close();
  }
}
