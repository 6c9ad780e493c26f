package io.raylog.sink.s3;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
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
   * A client and its I/O thread. The thread is raylog's, not the SDK's: the SDK shuts the threads it owns down with a
   * quiet period of 2 s, waiting for work that cannot come once its sink is closed, which every reload of the
   * configuration and every stop would wait for.
   */
  public record Connection(S3AsyncClient client, EventLoopGroup io) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
      io.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /**
   * @param endpoint an S3-compatible store's URL; empty for AWS S3 in {@code region}
   * @param requestTimeout how long one attempt may take, from the first byte sent to the answer
   * @param attempts how often the SDK makes one request before the call fails
   * @param checksums {@code WHEN_SUPPORTED} (the SDK's default): the SDK computes a CRC32 of every body and sends it
   *     as a trailer of an {@code aws-chunked} body; {@code WHEN_REQUIRED}: only where an operation requires one, for
   *     a caller that sends the checksum of each body itself ({@link S3ObjectStore})
   */
  public static Connection connect(Optional<URI> endpoint, String region, boolean forcePathStyle,
      S3Credentials credentials, Duration requestTimeout, int maxConcurrency, int attempts,
      RequestChecksumCalculation checksums) {
    EventLoopGroup io = new NioEventLoopGroup(1, new DefaultThreadFactory("raylog-s3-io", true));
    S3AsyncClientBuilder builder = S3AsyncClient.builder()
        .requestChecksumCalculation(checksums)
        .region(Region.of(region))
        .forcePathStyle(forcePathStyle)
        .credentialsProvider(credentials.provider())
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()
            .eventLoopGroup(SdkEventLoopGroup.create(io))
            .maxConcurrency(maxConcurrency))
        .overrideConfiguration(o -> o.apiCallAttemptTimeout(requestTimeout)
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(attempts).build()));
    endpoint.ifPresent(builder::endpointOverride);
    try {
      return new Connection(builder.build(), io);
    } catch (RuntimeException e) {
      io.shutdownGracefully(0, 5, TimeUnit.SECONDS);
      throw e;
    }
  }
}
