package io.raylog.sink.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;

/**
 * The AWS SDK client of a sink that writes to an S3-compatible store (the s3 and history sinks): one Netty I/O
 * thread, a bound on concurrent requests, a timeout per attempt and the SDK's own retries of one request.
 */
public final class S3Clients {
  private S3Clients() {}

  /**
   * @param endpoint an S3-compatible store's URL; empty for AWS S3 in {@code region}
   * @param requestTimeout how long one attempt may take, from the first byte sent to the answer
   * @param attempts how often the SDK makes one request before the call fails
   */
  public static S3AsyncClient build(Optional<URI> endpoint, String region, boolean forcePathStyle,
      S3Credentials credentials, Duration requestTimeout, int maxConcurrency, int attempts) {
    S3AsyncClientBuilder builder = S3AsyncClient.builder()
        .region(Region.of(region))
        .forcePathStyle(forcePathStyle)
        .credentialsProvider(credentials.provider())
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()
            .eventLoopGroupBuilder(SdkEventLoopGroup.builder().numberOfThreads(1))
            .maxConcurrency(maxConcurrency))
        .overrideConfiguration(o -> o.apiCallAttemptTimeout(requestTimeout)
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(attempts).build()));
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
