package io.raylog.sink.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * gRPC unary calls to one server for one sink, over one HTTP/2 connection (TLS with ALPN {@code h2} when the URL is
 * https, cleartext HTTP/2 with prior knowledge otherwise, as gRPC servers expect), each call on a stream of its own.
 * A broken connection is dropped; the next call opens a new one.
 *
 * <p>Thread-safe: {@link #call} may be called from any thread; results are delivered on the I/O thread.
 */
public final class GrpcClient implements AutoCloseable {
  private final HttpEndpoint endpoint;
  private final long callTimeoutNanos;
  private final Bootstrap bootstrap;
  /** The connection, open or being opened; null before the first call and after it broke. Guarded by this. */
  private ChannelFuture connection;
  private boolean closed;

  public GrpcClient(HttpEndpoint endpoint, SslContext tls, long connectTimeoutMillis, long callTimeoutNanos,
      EventLoopGroup io) {
    this.endpoint = endpoint;
    this.callTimeoutNanos = callTimeoutNanos;
    this.bootstrap = new Bootstrap()
        .group(io)
        .channel(NioSocketChannel.class)
        .remoteAddress(endpoint.host(), endpoint.port())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis))
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            if (tls != null) {
              channel.pipeline().addLast("tls", tls.newHandler(channel.alloc(), endpoint.host(), endpoint.port()));
            }
            channel.pipeline().addLast("http2", Http2FrameCodecBuilder.forClient().build());
            // Servers open no streams of their own towards a gRPC client.
            channel.pipeline().addLast("streams", new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
          }
        });
  }

  public HttpEndpoint endpoint() {
    return endpoint;
  }

  /**
   * Calls {@code path} (e.g. {@code /opentelemetry.proto.collector.logs.v1.LogsService/Export}) with {@code message}
   * (the length-prefixed request, taken over and released) and {@code metadata} (lowercase names); reports once.
   */
  public void call(String path, Http2Headers metadata, ByteBuf message, Consumer<GrpcResult> done) {
    ChannelFuture connected;
    try {
      connected = connection();
    } catch (RuntimeException e) {
      ReferenceCountUtil.release(message);
      done.accept(GrpcResult.failure(e));
      return;
    }
    connected.addListener(opened -> {
      if (!opened.isSuccess()) {
        ReferenceCountUtil.release(message);
        done.accept(GrpcResult.failure(opened.cause()));
        return;
      }
      Future<Http2StreamChannel> stream = new Http2StreamChannelBootstrap(connected.channel())
          .handler(new GrpcCallHandler(callTimeoutNanos, done)).open();
      stream.addListener(started -> {
        if (!started.isSuccess()) {
          ReferenceCountUtil.release(message);
          done.accept(GrpcResult.failure(started.cause()));
          return;
        }
        Http2StreamChannel channel = stream.getNow();
        channel.write(new DefaultHttp2HeadersFrame(headers(path, metadata)));
        channel.writeAndFlush(new DefaultHttp2DataFrame(message, true)).addListener(written -> {
          if (!written.isSuccess()) {
            channel.pipeline().fireExceptionCaught(written.cause());
          }
        });
      });
    });
  }

  private Http2Headers headers(String path, Http2Headers metadata) {
    Http2Headers headers = new DefaultHttp2Headers()
        .method("POST")
        .scheme(endpoint.tls() ? "https" : "http")
        .path(path)
        .authority(endpoint.hostHeader());
    headers.set("content-type", "application/grpc");
    headers.set("te", "trailers");
    headers.set("user-agent", "raylog");
    headers.set("grpc-timeout", Math.max(1, callTimeoutNanos / 1_000_000) + "m");
    headers.add(metadata);
    return headers;
  }

  /** The connection to use: the current one, or a new one when there is none or it broke. */
  private synchronized ChannelFuture connection() {
    if (closed) {
      throw new IllegalStateException("the sink is closed");
    }
    if (connection == null || connection.isDone() && (!connection.isSuccess() || !connection.channel().isActive())) {
      ChannelFuture opening = bootstrap.connect();
      connection = opening;
    }
    return connection;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (connection != null) {
      connection.channel().close();
    }
  }
}
