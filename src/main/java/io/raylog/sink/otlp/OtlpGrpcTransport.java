package io.raylog.sink.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.ssl.SslContext;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.raylog.config.Secret;
import io.raylog.config.SinkConfig;
import io.raylog.sink.Outbound;
import io.raylog.sink.SendOutcome;
import io.raylog.sink.Transport;
import io.raylog.sink.http.Authorization;
import io.raylog.sink.http.BodyCompression;
import io.raylog.sink.http.GrpcClient;
import io.raylog.sink.http.GrpcResult;
import io.raylog.sink.http.HttpEndpoint;
import io.raylog.sink.http.TlsContexts;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * OTLP over gRPC: each send is one {@code LogsService/Export} call carrying the records as an
 * {@code ExportLogsServiceRequest} (the same encoding as OTLP/HTTP's protobuf), compressed per gRPC's message
 * compression when configured. What a status means follows the OTLP specification: OK is delivered (a partial
 * success counts the records refused); {@code CANCELLED}, {@code DEADLINE_EXCEEDED}, {@code RESOURCE_EXHAUSTED},
 * {@code ABORTED}, {@code OUT_OF_RANGE}, {@code UNAVAILABLE} and {@code DATA_LOSS} are retried; so are
 * {@code UNAUTHENTICATED}, {@code PERMISSION_DENIED}, {@code NOT_FOUND} and {@code UNIMPLEMENTED}, which say the sink
 * is misconfigured rather than the records bad (as 401, 403 and 404 do over HTTP), and {@code UNKNOWN} and
 * {@code INTERNAL}, what proxies make of a 5xx (retried over HTTP too). {@code INVALID_ARGUMENT},
 * {@code ALREADY_EXISTS} and {@code FAILED_PRECONDITION} reject the records for good.
 */
final class OtlpGrpcTransport implements Transport {
  static final String EXPORT = "/opentelemetry.proto.collector.logs.v1.LogsService/Export";
  static final int MAX_DETAIL_CHARS = 512;

  private final GrpcClient client;
  private final OtlpLogsEncoder encoder;
  private final SinkConfig.Compression compression;
  private final Authorization authorization;
  private final Map<String, Secret> headers;
  private final ByteBufAllocator alloc;

  OtlpGrpcTransport(GrpcClient client, OtlpLogsEncoder encoder, SinkConfig.HttpClientSettings settings,
      Authorization authorization, ByteBufAllocator alloc) {
    this.client = client;
    this.encoder = encoder;
    this.compression = settings.compression();
    this.authorization = authorization;
    this.headers = settings.headers();
    this.alloc = alloc;
  }

  /** The transport of an {@code otlp} sink with {@code protocol: grpc}; throws with the sink's name for bad TLS files. */
  static OtlpGrpcTransport open(OtlpSinkConfig sink, OtlpLogsEncoder encoder, Supplier<EventLoopGroup> io,
      ByteBufAllocator alloc) throws IOException {
    HttpEndpoint endpoint = HttpEndpoint.of(sink.url());
    SinkConfig.HttpClientSettings settings = sink.client();
    SslContext tls;
    try {
      tls = TlsContexts.client(endpoint, settings, "h2");
    } catch (IOException e) {
      throw new IOException("sink " + sink.name() + ": " + e.getMessage(), e);
    }
    GrpcClient client = new GrpcClient(endpoint, tls, settings.connectTimeout().toMillis(),
        settings.requestTimeout().toNanos(), io.get());
    return new OtlpGrpcTransport(client, encoder, settings, Authorization.of(settings, System::nanoTime), alloc);
  }

  @Override
  public void send(Outbound records, Completion done) {
    Http2Headers metadata = new DefaultHttp2Headers();
    try {
      String auth = authorization.header();
      if (auth != null) {
        metadata.set("authorization", auth);
      }
    } catch (IOException e) {
      done.complete(SendOutcome.retry("credentials", e.getMessage()));
      return;
    }
    headers.forEach((name, value) -> metadata.set(name.toLowerCase(Locale.ROOT), value.reveal()));
    String encoding = BodyCompression.contentEncoding(compression);
    if (encoding != null) {
      metadata.set("grpc-encoding", encoding);
    }
    ByteBuf message = BodyCompression.compress(encoder.encode(records, alloc), compression, alloc);
    long bytes = message.readableBytes();
    ByteBuf framed = alloc.compositeDirectBuffer(2)
        .addComponent(true, alloc.directBuffer(5).writeByte(encoding == null ? 0 : 1).writeInt((int) bytes))
        .addComponent(true, message);
    client.call(EXPORT, metadata, framed, result -> done.complete(outcome(result, bytes)));
  }

  static SendOutcome outcome(GrpcResult result, long bytes) {
    if (result instanceof GrpcResult.Failure failure) {
      return SendOutcome.retry(failure.reason(), failure.detail());
    }
    GrpcResult.Status status = (GrpcResult.Status) result;
    if (status.status() == 0) {
      return delivered(status.body(), bytes);
    }
    String reason = "grpc_" + name(status.status()).toLowerCase(Locale.ROOT);
    String detail = "gRPC " + name(status.status()) + ": " + truncate(status.message());
    return retriable(status.status()) ? SendOutcome.retry(reason, detail) : new SendOutcome.Rejected(reason, detail);
  }

  /** A partial success counts the records the receiver refused (it does not say which). */
  private static SendOutcome delivered(byte[] body, long bytes) {
    if (body.length == 0) {
      return SendOutcome.delivered(bytes);
    }
    try {
      ExportLogsServiceResponse answer = ExportLogsServiceResponse.parseFrom(body);
      long rejected = answer.getPartialSuccess().getRejectedLogRecords();
      if (rejected <= 0) {
        return SendOutcome.delivered(bytes);
      }
      return new SendOutcome.Delivered(bytes, (int) Math.min(rejected, Integer.MAX_VALUE), "otlp_partial_success",
          truncate(answer.getPartialSuccess().getErrorMessage()));
    } catch (InvalidProtocolBufferException e) {
      return SendOutcome.delivered(bytes); // OK accepted the records; an unreadable answer changes nothing
    }
  }

  static boolean retriable(int status) {
    return switch (status) {
      case 3, 6, 9 -> false; // INVALID_ARGUMENT, ALREADY_EXISTS, FAILED_PRECONDITION: the records themselves
      default -> true;
    };
  }

  private static final String[] NAMES = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
      "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
      "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};

  static String name(int status) {
    return status >= 0 && status < NAMES.length ? NAMES[status] : "STATUS_" + status;
  }

  private static String truncate(String text) {
    return text.length() > MAX_DETAIL_CHARS ? text.substring(0, MAX_DETAIL_CHARS) + "…" : text;
  }

  @Override
  public void close() {
    client.close();
  }
}
