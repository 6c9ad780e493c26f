package io.raylog.sink.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * An S3 bucket (AWS or any S3-compatible store) through the AWS SDK's asynchronous client on Netty. An object counts
 * as stored when its PUT succeeded. Thread-safe.
 *
 * <p>A failed PUT is first tried again by the SDK, a few times, as the very same object under the same key: when
 * only its answer was lost (a connection closed, a 500 after the store had written it), the second PUT replaces the
 * first and the bucket holds each record once. Only when those attempts fail does the delivery stage retry, with its
 * backoff, metrics and no limit, sending the batches again, each as an object of its own.
 *
 * <p>Every PUT carries the CRC32 of its body ({@code x-amz-checksum-crc32}), computed here in one pass over the
 * object, and the store checks it before it stores the object, as it checks the CRC32 the SDK would otherwise add.
 * Left to the SDK, that checksum travels as the trailer of an {@code aws-chunked} body: the SDK copies the object
 * into chunk buffers and, over plain HTTP, signs every chunk: 18% of the process's allocation in the s3 benchmark,
 * and half again as many young collections, 62 against 42 a run (docs/benchmark.md, "Sink CPU").
 */
public final class S3ObjectStore implements ObjectStore {
  /** PUTs of one object before its batches go back to the delivery stage. */
  static final int ATTEMPTS = 3;

  private final S3Clients.Connection connection;
  private final S3AsyncClient client;
  private final String bucket;
  private final String contentEncoding;

  /**
   * @param endpoint an S3-compatible store's URL; empty for AWS S3 in {@code region}
   * @param requestTimeout how long one PUT may take, from the first byte sent to the answer; each of the
   *     {@link #ATTEMPTS} has this long
   * @param compression how the objects are compressed: their {@code Content-Encoding}
   */
  public S3ObjectStore(String bucket, Optional<URI> endpoint, String region, boolean forcePathStyle,
      S3Credentials credentials, Duration requestTimeout, ObjectCompression compression) {
    this.bucket = bucket;
    this.contentEncoding = compression.contentEncoding();
    this.connection = S3Clients.connect(endpoint, region, forcePathStyle, credentials, requestTimeout, 64, ATTEMPTS,
        RequestChecksumCalculation.WHEN_REQUIRED);
    this.client = connection.client();
  }

  @Override
  public CompletableFuture<?> put(String key, byte[] compressedNdjson) {
    String crc32 = crc32(compressedNdjson);
    return client.putObject(request -> request.bucket(bucket).key(key)
            .contentType("application/x-ndjson").contentEncoding(contentEncoding).checksumCRC32(crc32),
        AsyncRequestBody.fromBytesUnsafe(compressedNdjson));
  }

  /** The CRC32 of {@code body} as S3 takes it: base64 of its four big-endian bytes. */
  static String crc32(byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    long value = crc.getValue();
    byte[] bigEndian = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    return Base64.getEncoder().encodeToString(bigEndian);
  }

  @Override
  public void close() {
    connection.close();
  }
}
