package io.raylog.status;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The agent's HTTP endpoints ({@code /metrics}, {@code /healthz}, {@code /readyz}, {@code /status}): a small Netty
 * server on the configured address. Each route is a supplier of a response body, evaluated per request.
 */
public final class HttpServer implements AutoCloseable {
  /** A response: status code, content type and body, and a {@code Retry-After} in seconds when positive. */
  public record Response(int status, String contentType, String body, int retryAfterSeconds) {
    public Response(int status, String contentType, String body) {
      this(status, contentType, body, 0);
    }

    public static Response text(int status, String body) {
      return new Response(status, "text/plain; charset=utf-8", body);
    }
  }

  /** A POST route: the request's query string (without {@code ?}; empty when none) and body. */
  @FunctionalInterface
  public interface PostRoute {
    Response handle(String query, byte[] body);
  }

  private final Channel channel;

  private HttpServer(Channel channel) {
    this.channel = channel;
  }

  public static HttpServer start(EventLoopGroup group, String address, int port, Map<String, Supplier<Response>> routes)
      throws InterruptedException {
    return start(group, address, port, routes, Map.of(), 64 * 1024);
  }

  /**
   * @param posts POST routes (issue 18: Ray's event export), run on the server's thread
   * @param maxRequestBytes the largest request body taken; a larger one is answered 413
   */
  public static HttpServer start(EventLoopGroup group, String address, int port, Map<String, Supplier<Response>> routes,
      Map<String, PostRoute> posts, int maxRequestBytes) throws InterruptedException {
    Channel channel = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec());
            ch.pipeline().addLast(new HttpObjectAggregator(maxRequestBytes));
            ch.pipeline().addLast(new Router(routes, posts));
          }
        })
        .bind(address, port).sync().channel();
    return new HttpServer(channel);
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }

  private static final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Map<String, Supplier<Response>> routes;
    private final Map<String, PostRoute> posts;

    Router(Map<String, Supplier<Response>> routes, Map<String, PostRoute> posts) {
      this.routes = routes;
      this.posts = posts;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      String path = request.uri();
      String queryString = "";
      int query = path.indexOf('?');
      if (query >= 0) {
        queryString = path.substring(query + 1);
        path = path.substring(0, query);
      }
      PostRoute post = posts.get(path);
      Supplier<Response> route = routes.get(path);
      Response response;
      try {
        if (post != null && request.method().equals(io.netty.handler.codec.http.HttpMethod.POST)) {
          byte[] content = new byte[request.content().readableBytes()];
          request.content().readBytes(content);
          response = post.handle(queryString, content);
        } else if (post != null) {
          response = Response.text(405, "POST only: " + path + "\n");
        } else {
          response = route == null ? Response.text(404, "not found: " + path + "\n") : route.get();
        }
      } catch (RuntimeException e) {
        response = Response.text(500, e.toString() + "\n");
      }
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
          HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(body));
      out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
      out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
      if (response.retryAfterSeconds() > 0) {
        out.headers().setInt(HttpHeaderNames.RETRY_AFTER, response.retryAfterSeconds());
      }
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      HttpUtil.setKeepAlive(out, keepAlive);
      var future = ctx.writeAndFlush(out);
      if (!keepAlive) {
        future.addListener(ChannelFutureListener.CLOSE);
      }
    }
  }
}
