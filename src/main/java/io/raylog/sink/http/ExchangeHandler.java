package io.raylog.sink.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLException;

/**
 * The last handler of one pooled connection: sends one request at a time and completes it with the response, or
 * with a failure when the connection breaks, the TLS handshake fails or the request's time runs out. Runs on the
 * connection's I/O thread.
 */
final class ExchangeHandler extends ChannelInboundHandlerAdapter {
  private ChannelHandlerContext ctx;
  /** Receives the result and whether the connection may be reused. */
  private BiConsumer<HttpResult, Boolean> pending;
  private ScheduledFuture<?> timeout;

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /** Sends {@code request} (its body is released once written or failed); called on the connection's I/O thread. */
  void exchange(FullHttpRequest request, long timeoutNanos, BiConsumer<HttpResult, Boolean> done) {
    if (pending != null) {
      ReferenceCountUtil.release(request);
      done.accept(new HttpResult.Failure("io", "connection busy"), false);
      return;
    }
    pending = done;
    timeout = ctx.executor().schedule(() -> fail(new HttpResult.Failure("timeout",
        "no complete response within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms")), timeoutNanos,
        TimeUnit.NANOSECONDS);
    ctx.channel().writeAndFlush(request).addListener(written -> {
      if (!written.isSuccess()) {
        fail(failure(written.cause()));
      }
    });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpResponse response)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      if (pending == null) {
        ctx.close(); // an answer nobody asked for: the connection is out of step
        return;
      }
      byte[] body = ByteBufUtil.getBytes(response.content());
      boolean reusable = HttpUtil.isKeepAlive(response) && response.decoderResult().isSuccess();
      complete(new HttpResult.Response(response.status().code(), response.headers().copy(), body), reusable);
    } finally {
      response.release();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
      fail(new HttpResult.Failure("tls", "TLS handshake failed: " + rootMessage(handshake.cause())));
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    fail(new HttpResult.Failure("connection_closed", "the server closed the connection before answering"));
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(failure(cause));
  }

  private void fail(HttpResult.Failure failure) {
    if (pending != null) {
      complete(failure, false);
    }
    ctx.close();
  }

  private void complete(HttpResult result, boolean reusable) {
    BiConsumer<HttpResult, Boolean> done = pending;
    pending = null;
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
    if (done != null) {
      done.accept(result, reusable);
    }
  }

  static HttpResult.Failure failure(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (cause instanceof SSLException || root instanceof SSLException
        || root instanceof java.security.cert.CertificateException) {
      return new HttpResult.Failure("tls", "TLS: " + rootMessage(cause));
    }
    if (root instanceof java.net.ConnectException || root instanceof io.netty.channel.ConnectTimeoutException
        || root instanceof java.net.UnknownHostException) {
      return new HttpResult.Failure("connect", rootMessage(cause));
    }
    if (root instanceof io.netty.handler.codec.TooLongFrameException) {
      return new HttpResult.Failure("response_too_large", rootMessage(cause));
    }
    return new HttpResult.Failure("io", rootMessage(cause));
  }

  private static String rootMessage(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
