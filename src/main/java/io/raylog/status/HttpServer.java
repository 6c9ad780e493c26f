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
  /** A response: status code, content type and body. */
  public record Response(int status, String contentType, String body) {
    public static Response text(int status, String body) {
      return new Response(status, "text/plain; charset=utf-8", body);
    }
  }

  private final Channel channel;

  private HttpServer(Channel channel) {
    this.channel = channel;
  }

  public static HttpServer start(EventLoopGroup group, String address, int port, Map<String, Supplier<Response>> routes)
      throws InterruptedException {
    Channel channel = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec());
            ch.pipeline().addLast(new HttpObjectAggregator(64 * 1024));
            ch.pipeline().addLast(new Router(routes));
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

    Router(Map<String, Supplier<Response>> routes) {
      this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      String path = request.uri();
      int query = path.indexOf('?');
      if (query >= 0) {
        path = path.substring(0, query);
      }
      Supplier<Response> route = routes.get(path);
      Response response;
      try {
        response = route == null ? Response.text(404, "not found: " + path + "\n") : route.get();
      } catch (RuntimeException e) {
        response = Response.text(500, e.toString() + "\n");
      }
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
          HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(body));
      out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
      out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      HttpUtil.setKeepAlive(out, keepAlive);
      var future = ctx.writeAndFlush(out);
      if (!keepAlive) {
        future.addListener(ChannelFutureListener.CLOSE);
      }
    }
  }
}
