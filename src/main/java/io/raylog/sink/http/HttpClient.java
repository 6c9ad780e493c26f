package io.raylog.sink.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.SimpleChannelPool;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * HTTP/1.1 to one server for one sink: a pool of keep-alive connections (TLS when the URL is https), one request per
 * connection at a time. The delivery stage bounds the requests under way ({@code max_in_flight}), and so the
 * connections. A connection the server closes, or that failed, is dropped; the next request opens a new one.
 *
 * <p>Thread-safe: {@link #execute} may be called from any thread; results are delivered on the I/O thread.
 */
public final class HttpClient implements AutoCloseable {
  /** Elasticsearch's bulk answer for a large batch with errors is the largest response a sink reads. */
  static final int MAX_RESPONSE_BYTES = 64 << 20;

  private final HttpEndpoint endpoint;
  private final long requestTimeoutNanos;
  private final SimpleChannelPool pool;

  public HttpClient(HttpEndpoint endpoint, SslContext tls, long connectTimeoutMillis, long requestTimeoutNanos,
      EventLoopGroup io) {
    this.endpoint = endpoint;
    this.requestTimeoutNanos = requestTimeoutNanos;
    Bootstrap bootstrap = new Bootstrap()
        .group(io)
        .channel(NioSocketChannel.class)
        .remoteAddress(endpoint.host(), endpoint.port())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis))
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true);
    this.pool = new SimpleChannelPool(bootstrap, new AbstractChannelPoolHandler() {
      @Override
      public void channelCreated(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
          SslHandler ssl = tls.newHandler(channel.alloc(), endpoint.host(), endpoint.port());
          pipeline.addLast("tls", ssl);
        }
        pipeline.addLast("http", new HttpClientCodec());
        pipeline.addLast("inflate", new HttpContentDecompressor(0));
        pipeline.addLast("aggregate", new HttpObjectAggregator(MAX_RESPONSE_BYTES));
        pipeline.addLast("exchange", new ExchangeHandler());
      }
    }, ChannelHealthChecker.ACTIVE, true, true);
  }

  public HttpEndpoint endpoint() {
    return endpoint;
  }

  /** Sends {@code request} (taking ownership of it) and reports its result once, on an I/O thread. */
  public void execute(FullHttpRequest request, Consumer<HttpResult> done) {
    Future<Channel> acquired;
    try {
      acquired = pool.acquire();
    } catch (RuntimeException e) {
      ReferenceCountUtil.release(request);
      done.accept(ExchangeHandler.failure(e));
      return;
    }
    acquired.addListener(future -> {
      if (!future.isSuccess()) {
        ReferenceCountUtil.release(request);
        done.accept(ExchangeHandler.failure(future.cause()));
        return;
      }
      Channel channel = acquired.getNow();
      ExchangeHandler exchange = channel.pipeline().get(ExchangeHandler.class);
      channel.eventLoop().execute(() -> exchange.exchange(request, requestTimeoutNanos, (result, reusable) -> {
        if (!reusable) {
          channel.close();
        }
        pool.release(channel);
        done.accept(result);
      }));
    });
  }

  @Override
  public void close() {
    pool.close();
  }
}
