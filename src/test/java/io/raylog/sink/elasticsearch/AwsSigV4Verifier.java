package io.raylog.sink.elasticsearch;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.raylog.sink.testing.LoopbackHttpServer;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * What Amazon OpenSearch Service does with a signed request, by the AWS SDK's own signer: the request as received
 * (method, path, query, the headers it says it signed, the body as it came) is signed again with the same credentials
 * at the time it states, and the two signatures must be equal.
 */
final class AwsSigV4Verifier {
  static final AwsSessionCredentials CREDENTIALS =
      AwsSessionCredentials.create("AKIDRAYLOGTEST", "raylog/test/secret/key", "session-token-1");
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/]+)/\\d{8}/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=\\w+");
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private final int port;

  AwsSigV4Verifier(int port) {
    this.port = port;
  }

  /** Why the request's signature is wrong for {@code region} and {@code service}, or null when it is right. */
  String problem(LoopbackHttpServer.Request request, String region, String service) {
    String authorization = request.headers().get("Authorization");
    Matcher signed = authorization == null ? null : AUTHORIZATION.matcher(authorization);
    if (signed == null || !signed.matches()) {
      return "no SigV4 Authorization header: " + authorization;
    }
    if (!signed.group(2).equals(region) || !signed.group(3).equals(service)) {
      return "signed for " + signed.group(2) + "/" + signed.group(3);
    }
    if (!CREDENTIALS.sessionToken().equals(request.headers().get("X-Amz-Security-Token"))) {
      return "no session token";
    }
    if (!sha256(request.wire()).equals(request.headers().get("x-amz-content-sha256"))) {
      return "x-amz-content-sha256 is not the body's hash";
    }
    QueryStringDecoder target = new QueryStringDecoder(request.uri());
    SdkHttpRequest.Builder again = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(request.method()))
        .protocol("http").host("127.0.0.1").port(port).encodedPath(target.rawPath());
    for (Map.Entry<String, List<String>> parameter : target.parameters().entrySet()) {
      again.putRawQueryParameter(parameter.getKey(), parameter.getValue());
    }
    for (String name : signed.group(4).split(";")) {
      if (!List.of("host", "x-amz-date", "x-amz-security-token").contains(name)) {
        again.putHeader(name, request.headers().get(name));
      }
    }
    Clock then = Clock.fixed(LocalDateTime.parse(request.headers().get("X-Amz-Date"), AMZ_DATE)
        .toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    String expected = AwsV4HttpSigner.create().sign(r -> r.identity(CREDENTIALS).request(again.build())
            .payload(ContentStreamProvider.fromByteArray(request.wire()))
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
            .putProperty(AwsV4HttpSigner.REGION_NAME, region)
            .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, then))
        .request().firstMatchingHeader("Authorization").orElse("");
    return expected.equals(authorization) ? null : "signature mismatch: expected " + expected;
  }

  private static String sha256(byte[] body) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
