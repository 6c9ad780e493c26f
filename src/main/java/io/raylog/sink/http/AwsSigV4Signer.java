package io.raylog.sink.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * AWS Signature Version 4 by the AWS SDK's signer, for Amazon OpenSearch Service ({@code es}) and OpenSearch
 * Serverless ({@code aoss}). Signs the method, the path and query, {@code Host}, {@code Content-Type},
 * {@code Content-Encoding} and {@code x-amz-content-sha256} (the body's SHA-256, which Serverless requires), over the
 * body as sent (compressed). Credentials come from the provider (the SDK's default chain: environment variables, the
 * web identity token of IAM roles for service accounts, the container's or instance's role), which caches and
 * refreshes them. Thread-safe.
 */
public final class AwsSigV4Signer implements RequestSigner {
  static final String CONTENT_SHA256 = "x-amz-content-sha256";

  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final AwsCredentialsProvider credentials;
  /** What every signature names besides the request: the service, the region, and the clock that dates it. */
  private final Consumer<SignRequest.Builder<AwsCredentialsIdentity>> scope;

  public AwsSigV4Signer(AwsCredentialsProvider credentials, String region, String service, Clock clock) {
    this.credentials = credentials;
    this.scope = r -> r.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock);
  }

  @Override
  public void sign(FullHttpRequest request, HttpEndpoint endpoint) throws IOException {
    AwsCredentialsIdentity identity;
    try {
      identity = credentials.resolveCredentials();
    } catch (SdkException e) {
      throw new IOException("no AWS credentials for signing: " + e.getMessage(), e);
    }
    ByteBuf body = request.content();
    request.headers().set(CONTENT_SHA256, sha256(body));
    QueryStringDecoder target = new QueryStringDecoder(request.uri());
    SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
        .method(SdkHttpMethod.fromValue(request.method().name()))
        .protocol(endpoint.tls() ? "https" : "http")
        .host(endpoint.host())
        .port(endpoint.port())
        .encodedPath(target.rawPath());
    for (Map.Entry<String, List<String>> parameter : target.parameters().entrySet()) {
      unsigned.putRawQueryParameter(parameter.getKey(), parameter.getValue());
    }
    for (CharSequence name : List.of(HttpHeaderNames.CONTENT_TYPE, HttpHeaderNames.CONTENT_ENCODING, CONTENT_SHA256)) {
      String value = request.headers().get(name);
      if (value != null) {
        unsigned.putHeader(name.toString(), value);
      }
    }
    SignedRequest signed = signer.sign(r -> {
      r.identity(identity)
          .request(unsigned.build())
          .payload(ContentStreamProvider.fromInputStreamSupplier(() -> new ByteBufInputStream(body.duplicate())));
      scope.accept(r);
    });
    signed.request().forEachHeader((name, values) -> {
      if (!name.equalsIgnoreCase("Host")) { // the transport's Host is the same value, set already
        request.headers().set(name, values);
      }
    });
  }

  private static String sha256(ByteBuf body) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (ByteBuffer piece : body.nioBuffers()) {
        digest.update(piece);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
