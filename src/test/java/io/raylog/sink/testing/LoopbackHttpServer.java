package io.raylog.sink.testing;

import com.github.luben.zstd.Zstd;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * A real HTTP/1.1 server on 127.0.0.1 and an ephemeral port, for the network sinks' tests. It records every request
 * (body decompressed) and answers what the test's responder says: a status, a status after a delay, or a reset
 * connection. Optionally TLS.
 */
public final class LoopbackHttpServer implements AutoCloseable {

  /**
   * A request as received: its body is decompressed according to its Content-Encoding; {@code wire} is the body as
   * it came (what a signature covers).
   */
  public record Request(String method, String uri, HttpHeaders headers, byte[] body, int connection, byte[] wire) {
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** What the server does with a request. */
  public sealed interface Reply {
    static Reply ok(String body) {
      return new Status(200, body, Map.of());
    }

    static Reply status(int code) {
      return new Status(code, "{\"error\":\"scripted " + code + "\"}", Map.of());
    }

    record Status(int code, String body, Map<String, String> headers) implements Reply {}

    /** The connection is reset (TCP RST) instead of an answer. */
    record Reset() implements Reply {}

    /** The reply is sent after a delay. */
    record Delayed(long millis, Reply then) implements Reply {}
  }

  private final EventLoopGroup group;
  private final Channel server;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile Function<Request, Reply> responder = request -> Reply.ok("{}");
  private volatile boolean keepRequests = true;

  public LoopbackHttpServer() throws InterruptedException {
    this(null);
  }

  public LoopbackHttpServer(SslContext tls) throws InterruptedException {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    server = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            int connection = connections.incrementAndGet();
            if (tls != null) {
              channel.pipeline().addLast(tls.newHandler(channel.alloc()));
            }
            channel.pipeline().addLast(new HttpServerCodec());
            channel.pipeline().addLast(new HttpObjectAggregator(256 << 20));
            channel.pipeline().addLast(new SimpleChannelInboundHandler<FullHttpRequest>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
                byte[] wire = ByteBufUtil.getBytes(msg.content());
                Request request = new Request(msg.method().name(), msg.uri(), msg.headers().copy(),
                    decode(msg.headers().get(HttpHeaderNames.CONTENT_ENCODING), wire), connection, wire);
                if (keepRequests) {
                  requests.add(request);
                }
                reply(ctx, responder.apply(request), HttpUtil.isKeepAlive(msg));
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close(); // a client that resets or fails its TLS handshake: expected in these tests
              }
            });
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** How each request is answered; called on the server's I/O thread. */
  public void respond(Function<Request, Reply> responder) {
    this.responder = responder;
  }

  /** Off for a long run whose requests the responder counts: kept, they would fill the test's memory. */
  public void keepRequests(boolean keep) {
    keepRequests = keep;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** TCP connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  private static void reply(ChannelHandlerContext ctx, Reply reply, boolean keepAlive) {
    if (reply instanceof Reply.Delayed delayed) {
      ctx.executor().schedule(() -> reply(ctx, delayed.then(), keepAlive), delayed.millis(), TimeUnit.MILLISECONDS);
    } else if (reply instanceof Reply.Reset) {
      ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
      ctx.close();
    } else {
      Reply.Status status = (Reply.Status) reply;
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
          HttpResponseStatus.valueOf(status.code()), Unpooled.copiedBuffer(status.body(), StandardCharsets.UTF_8));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
      status.headers().forEach(response.headers()::set);
      HttpUtil.setContentLength(response, response.content().readableBytes());
      HttpUtil.setKeepAlive(response, keepAlive);
      ctx.writeAndFlush(response);
    }
  }

  private static byte[] decode(String encoding, byte[] body) {
    if (encoding == null) {
      return body;
    }
    try {
      switch (encoding) {
        case "gzip":
          try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
          }
        case "zstd":
          return Zstd.decompress(body, (int) Zstd.getFrameContentSize(body));
        default:
          throw new IllegalArgumentException("unexpected Content-Encoding " + encoding);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
