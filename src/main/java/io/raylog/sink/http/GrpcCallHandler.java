package io.raylog.sink.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One gRPC call on its own HTTP/2 stream: collects the response headers, the length-prefixed response message and the
 * trailers, and completes once with the call's {@link GrpcResult}. A stream reset, a closed connection, an HTTP status
 * other than 200, or the time running out completes it with a failure. Runs on the connection's I/O thread.
 */
final class GrpcCallHandler extends ChannelInboundHandlerAdapter {
  /** The answer to a logs export is a few bytes (a partial success); more is not a sane answer. */
  static final int MAX_RESPONSE_BYTES = 4 << 20;

  private final long timeoutNanos;
  private Consumer<GrpcResult> done;
  private ScheduledFuture<?> timeout;
  private int httpStatus = -1;
  private CompositeByteBuf body;

  GrpcCallHandler(long timeoutNanos, Consumer<GrpcResult> done) {
    this.timeoutNanos = timeoutNanos;
    this.done = done;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    timeout = ctx.executor().schedule(() -> {
      complete(new GrpcResult.Failure("timeout",
          "no complete answer within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
      ctx.close(); // resets the stream; the connection stays
    }, timeoutNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof Http2HeadersFrame frame) {
        headers(ctx, frame.headers(), frame.isEndStream());
      } else if (msg instanceof Http2DataFrame frame) {
        data(ctx, frame);
      } else if (msg instanceof Http2ResetFrame reset) {
        fail(ctx, new GrpcResult.Failure("connection_closed", "the server reset the stream (HTTP/2 error "
            + reset.errorCode() + ")"));
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void headers(ChannelHandlerContext ctx, Http2Headers headers, boolean endStream) {
    if (httpStatus < 0) {
      CharSequence status = headers.status();
      httpStatus = status == null ? 0 : Integer.parseInt(status.toString());
      if (httpStatus != 200) {
        fail(ctx, new GrpcResult.Failure("http_" + httpStatus, "HTTP " + httpStatus + " instead of a gRPC answer"
            + " (is the URL a gRPC endpoint, e.g. the OpenTelemetry Collector's port 4317?)"));
        return;
      }
      if (!endStream) {
        return; // the trailers end the call
      }
    }
    CharSequence grpcStatus = headers.get("grpc-status");
    if (grpcStatus == null) {
      fail(ctx, new GrpcResult.Failure("protocol", "the call ended without a grpc-status"));
      return;
    }
    int code;
    try {
      code = Integer.parseInt(grpcStatus.toString());
    } catch (NumberFormatException e) {
      fail(ctx, new GrpcResult.Failure("protocol", "grpc-status is not a number: " + grpcStatus));
      return;
    }
    CharSequence message = headers.get("grpc-message");
    complete(new GrpcResult.Status(code, message == null ? "" : decode(message.toString()), message(ctx)));
  }

  private void data(ChannelHandlerContext ctx, Http2DataFrame frame) {
    if (body == null) {
      body = ctx.alloc().compositeBuffer();
    }
    if (body.readableBytes() + frame.content().readableBytes() > MAX_RESPONSE_BYTES) {
      fail(ctx, new GrpcResult.Failure("response_too_large", "answer above " + MAX_RESPONSE_BYTES + " bytes"));
      return;
    }
    body.addComponent(true, frame.content().retain());
  }

  /** The response message without its 5-byte prefix; empty when there was none (or it was compressed). */
  private byte[] message(ChannelHandlerContext ctx) {
    ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : body;
    if (content.readableBytes() < 5 || content.getByte(content.readerIndex()) != 0) {
      return new byte[0]; // a compressed answer: raylog asks for none, and an OK needs no body to be read
    }
    long length = content.getUnsignedInt(content.readerIndex() + 1);
    int available = content.readableBytes() - 5;
    return ByteBufUtil.getBytes(content, content.readerIndex() + 5, (int) Math.min(length, available));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    complete(new GrpcResult.Failure("connection_closed", "the stream closed before the call ended"));
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(ctx, GrpcResult.failure(cause));
  }

  private void fail(ChannelHandlerContext ctx, GrpcResult.Failure failure) {
    complete(failure);
    ctx.close();
  }

  private void complete(GrpcResult result) {
    Consumer<GrpcResult> once = done;
    done = null;
    if (timeout != null) {
      timeout.cancel(false);
    }
    if (body != null) {
      body.release();
      body = null;
    }
    if (once != null) {
      once.accept(result);
    }
  }

  /** {@code grpc-message} is percent-encoded UTF-8. */
  private static String decode(String message) {
    try {
      return URLDecoder.decode(message.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return message;
    }
  }
}
