package io.raylog.sink.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;

/**
 * An S3 bucket (AWS or any S3-compatible store) through the AWS SDK's asynchronous client on Netty. An object counts
 * as stored when its PUT succeeded. The SDK's own retries are off: the delivery stage retries, with its backoff and
 * metrics, and without a limit. Thread-safe.
 */
public final class S3ObjectStore implements ObjectStore {
  private final S3AsyncClient client;
  private final String bucket;

  /**
   * @param endpoint an S3-compatible store's URL; empty for AWS S3 in {@code region}
   * @param requestTimeout how long one PUT may take, from the first byte sent to the answer
   */
  public S3ObjectStore(String bucket, Optional<URI> endpoint, String region, boolean forcePathStyle,
      S3Credentials credentials, Duration requestTimeout) {
    this.bucket = bucket;
    S3AsyncClientBuilder builder = S3AsyncClient.builder()
        .region(Region.of(region))
        .forcePathStyle(forcePathStyle)
        .credentialsProvider(credentials.provider())
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()
            .eventLoopGroupBuilder(SdkEventLoopGroup.builder().numberOfThreads(1))
            .maxConcurrency(64))
        .overrideConfiguration(o -> o.apiCallTimeout(requestTimeout).retryStrategy(AwsRetryStrategy.doNotRetry()));
    endpoint.ifPresent(builder::endpointOverride);
    this.client = builder.build();
  }

  @Override
  public CompletableFuture<?> put(String key, byte[] gzipNdjson) {
    return client.putObject(request -> request.bucket(bucket).key(key)
            .contentType("application/x-ndjson").contentEncoding("gzip"),
        AsyncRequestBody.fromBytesUnsafe(gzipNdjson));
  }

  @Override
  public void close() {
    client.close();
  }
}
