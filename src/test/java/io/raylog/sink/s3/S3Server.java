package io.raylog.sink.s3;

import com.github.luben.zstd.ZstdInputStream;
import io.raylog.config.Secret;
import java.io.ByteArrayInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3-compatible server (s3proxy over an in-memory store) on 127.0.0.1, for tests; path-style, AWS signature
 * v2 or v4 with a fixed key pair. {@link #stop} and {@link #start} keep the store and the port, so objects survive an
 * outage as they would on a real store. Share one per test class.
 */
public final class S3Server implements AutoCloseable {
  public static final String ACCESS_KEY = "raylog-test-access";
  public static final String SECRET_KEY = "raylog-test-secret";

  private static final Pattern BEING_WRITTEN =
      Pattern.compile("-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

  private final BlobStore store = new TransientNio2BlobStore();
  private S3Proxy proxy;
  private int port;

  public static S3Server create() throws Exception {
    S3Server server = new S3Server();
    server.startOn(0);
    return server;
  }

  /**
   * A server started for the static field of a test class, which {@code @AutoClose} stops after the class's last test;
   * a server that cannot start fails the class.
   */
  public static S3Server forTestClass() {
    try {
      return create();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the S3 server", e);
    }
  }

  /** The static credentials this server takes. */
  public static S3Credentials credentials() {
    return new S3Credentials.Static(new Secret(ACCESS_KEY), new Secret(SECRET_KEY));
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public void createBucket(String bucket) {
    store.createContainer(bucket);
  }

  /**
   * Every key in the bucket, in key order. Not the objects still being written: the store writes each into a file
   * named after it plus {@code -<uuid>}, renamed when complete, and lists that file too, which S3 never would.
   */
  public List<String> keys(String bucket) {
    List<String> keys = new ArrayList<>();
    String token = null;
    do {
      ListObjectsV2Response page =
          store.list(ListObjectsV2Request.builder().bucket(bucket).continuationToken(token).build());
      page.contents().stream().map(S3Object::key).filter(key -> !BEING_WRITTEN.matcher(key).find())
          .forEach(keys::add);
      token = page.isTruncated() ? page.nextContinuationToken() : null;
    } while (token != null);
    return keys;
  }

  public byte[] get(String bucket, String key) throws IOException {
    try (InputStream in = store.getBlob(bucket, key)) {
      return in.readAllBytes();
    }
  }

  /**
   * The NDJSON lines of an object the s3 sink wrote, decompressed by its name: {@code .zst} is zstd (every frame),
   * anything else gzip (every member).
   */
  public List<String> ndjsonLines(String bucket, String key) throws IOException {
    byte[] object = get(bucket, key);
    try (InputStream in = key.endsWith(".zst") ? new ZstdInputStream(new ByteArrayInputStream(object))
        : new GZIPInputStream(new ByteArrayInputStream(object))) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
  }

  public void remove(String bucket, String key) {
    store.removeBlob(bucket, key);
  }

  /** Stops serving; the store keeps its objects. */
  public synchronized void stop() throws Exception {
    if (proxy != null) {
      proxy.stop();
      proxy = null;
    }
  }

  /** Serves again on the same port. */
  public synchronized void start() throws Exception {
    if (proxy == null) {
      startOn(port);
    }
  }

  private void startOn(int requestedPort) throws Exception {
    S3Proxy started = S3Proxy.builder()
        .blobStore(store)
        .endpoint(URI.create("http://127.0.0.1:" + requestedPort))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    started.start();
    port = started.getPort();
    proxy = started;
  }

  @Override
  public void close() throws Exception {
    stop();
  }
}
