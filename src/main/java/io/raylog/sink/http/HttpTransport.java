package io.raylog.sink.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.raylog.config.Secret;
import io.raylog.config.SinkConfig;
import io.raylog.sink.Outbound;
import io.raylog.sink.SendOutcome;
import io.raylog.sink.Transport;
import java.io.IOException;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The transport of every HTTP sink: encodes the records with the protocol's {@link RequestEncoder}, compresses the
 * body, adds the headers and credentials, POSTs it through the sink's {@link HttpClient}, and turns the answer into a
 * {@link SendOutcome} ({@link HttpStatusPolicy}, then the protocol's {@link ResponseReader} for a 2xx).
 *
 * <p>{@link #send} runs on the sink's event loop (encoding and compression happen there, off the I/O thread); the
 * outcome is reported from the I/O thread.
 */
public final class HttpTransport implements Transport {
  private static final String USER_AGENT = "raylog";

  private final HttpClient client;
  private final RequestEncoder encoder;
  private final ResponseReader reader;
  private final SinkConfig.Compression compression;
  private final Authorization authorization;
  private final Map<String, Secret> headers;
  private final Map<String, String> protocolHeaders;
  private final ByteBufAllocator alloc;
  private final LongSupplier wallClockMillis;
  /** Signs each request once its headers are set; null for none. */
  private RequestSigner signer;

  /** @param protocolHeaders headers the protocol requires (Loki's tenant); set after the configured ones */
  /**
   * The transport of an HTTP sink: raylog's client to {@code endpoint}, speaking the sink's protocol through
   * {@code encoder} and {@code reader}. Throws with the sink's name when its TLS files are unusable.
   */
  public static HttpTransport open(SinkConfig.OverHttp sink, HttpEndpoint endpoint, RequestEncoder encoder,
      ResponseReader reader, Map<String, String> protocolHeaders, Supplier<EventLoopGroup> io, ByteBufAllocator alloc)
      throws IOException {
    SinkConfig.HttpClientSettings settings = sink.client();
    SslContext tls;
    try {
      tls = TlsContexts.client(endpoint, settings);
    } catch (IOException e) {
      throw new IOException("sink " + sink.name() + ": " + e.getMessage(), e);
    }
    HttpClient client = new HttpClient(endpoint, tls, settings.connectTimeout().toMillis(),
        settings.requestTimeout().toNanos(), io.get());
    return new HttpTransport(client, encoder, reader, settings, Authorization.of(settings, System::nanoTime),
        protocolHeaders, alloc, System::currentTimeMillis);
  }

  public HttpTransport(HttpClient client, RequestEncoder encoder, ResponseReader reader,
      SinkConfig.HttpClientSettings settings, Authorization authorization, Map<String, String> protocolHeaders,
      ByteBufAllocator alloc, LongSupplier wallClockMillis) {
    this.client = client;
    this.encoder = encoder;
    this.reader = reader;
    this.compression = settings.compression();
    this.authorization = authorization;
    this.headers = settings.headers();
    this.protocolHeaders = Map.copyOf(protocolHeaders);
    this.alloc = alloc;
    this.wallClockMillis = wallClockMillis;
  }

  /** Signs every request with {@code signer} (AWS SigV4), after its headers and credentials are set. */
  public HttpTransport signedBy(RequestSigner signer) {
    this.signer = signer;
    return this;
  }

  @Override
  public void send(Outbound records, Completion done) {
    String auth;
    try {
      auth = authorization.header();
    } catch (IOException e) {
      done.complete(SendOutcome.retry("credentials", e.getMessage()));
      return;
    }
    ByteBuf body = BodyCompression.compress(encoder.encode(records, alloc), compression, alloc);
    long bytes = body.readableBytes();
    HttpEndpoint endpoint = client.endpoint();
    FullHttpRequest request =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, endpoint.requestTarget(), body);
    HttpHeaders h = request.headers();
    h.set(HttpHeaderNames.HOST, endpoint.hostHeader());
    h.set(HttpHeaderNames.USER_AGENT, USER_AGENT);
    h.set(HttpHeaderNames.CONTENT_TYPE, encoder.contentType());
    h.set(HttpHeaderNames.CONTENT_LENGTH, bytes);
    h.set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.GZIP);
    String encoding = BodyCompression.contentEncoding(compression);
    if (encoding != null) {
      h.set(HttpHeaderNames.CONTENT_ENCODING, encoding);
    }
    headers.forEach((name, value) -> h.set(name, value.reveal()));
    protocolHeaders.forEach(h::set);
    if (auth != null) {
      h.set(HttpHeaderNames.AUTHORIZATION, auth);
    }
    if (signer != null) {
      try {
        signer.sign(request, endpoint);
      } catch (IOException | RuntimeException e) {
        request.release();
        done.complete(SendOutcome.retry("credentials", "cannot sign the request: " + e.getMessage()));
        return;
      }
    }
    client.execute(request, result -> {
      SendOutcome outcome;
      if (result instanceof HttpResult.Response response && HttpStatusPolicy.accepted(response.status())) {
        outcome = reader.accepted(response, records, bytes);
      } else {
        outcome = HttpStatusPolicy.notAccepted(result, wallClockMillis.getAsLong());
      }
      done.complete(outcome);
    });
  }

  @Override
  public void close() {
    client.close();
  }
}
