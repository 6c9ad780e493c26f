package io.raylog.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** The s3 sink's uploads against a real S3-compatible server: what lands in the bucket, byte for byte. */
class S3ObjectStoreTest {
  @AutoClose static final S3Server server = S3Server.forTestClass();

  @Test
  void anUploadedObjectIsStoredByteForByteUnderItsKey() throws Exception {
    server.createBucket("raylog-store");
    byte[] body = new byte[300_000]; // larger than the SDK's 128 KiB chunks, had it chunked the body
    new Random(7).nextBytes(body);
    try (S3ObjectStore store = new S3ObjectStore("raylog-store", Optional.of(server.endpoint()), "us-east-1", true,
        S3Server.credentials(), Duration.ofSeconds(10), ObjectCompression.GZIP)) {
      store.put("a/b/00000000000000000000_x.ndjson.gz", body).join();
      store.put("a/b/empty.ndjson.gz", new byte[0]).join();
    }
    assertThat(server.get("raylog-store", "a/b/00000000000000000000_x.ndjson.gz")).isEqualTo(body);
    assertThat(server.get("raylog-store", "a/b/empty.ndjson.gz")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(ObjectCompression.class)
  void anObjectIsStoredAsNdjsonWithTheContentEncodingOfItsCompression(ObjectCompression compression) {
    String bucket = "raylog-" + compression.contentEncoding();
    server.createBucket(bucket);
    String key = "a/00000000000000000000_x.ndjson." + compression.extension();
    try (S3ObjectStore store = new S3ObjectStore(bucket, Optional.of(server.endpoint()), "us-east-1", true,
            S3Server.credentials(), Duration.ofSeconds(10), compression);
        S3Clients.Connection reader = S3Clients.connect(Optional.of(server.endpoint()), "us-east-1", true,
            S3Server.credentials(), Duration.ofSeconds(10), 1, 1, RequestChecksumCalculation.WHEN_REQUIRED)) {
      store.put(key, new byte[] {1, 2, 3}).join();
      HeadObjectResponse head = reader.client().headObject(request -> request.bucket(bucket).key(key))
          .join();
      assertThat(head.contentEncoding()).isEqualTo(compression == ObjectCompression.GZIP ? "gzip" : "zstd");
      assertThat(head.contentType()).isEqualTo("application/x-ndjson");
    }
  }

  @Test
  void theChecksumSentWithABodyIsItsCrc32AsS3WritesIt() {
    // The CRC-32 check value of "123456789" is 0xCBF43926; S3 takes its big-endian bytes in base64.
    assertThat(S3ObjectStore.crc32("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo("y/Q5Jg==");
    assertThat(S3ObjectStore.crc32(new byte[0])).isEqualTo("AAAAAA==");
  }
}
