import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * The loopback server the benchmark runs a network sink against (run with the source launcher and raylog's jar on the
 * class path, which holds Netty, snappy and protobuf):
 *
 * <pre>java -cp target/raylog.jar bench/SinkServer.java PROTOCOL PORT_FILE</pre>
 *
 * PROTOCOL is http, loki, elasticsearch or otlp. It binds 127.0.0.1 on an ephemeral port, writes the port to
 * PORT_FILE, and answers every request as the real backend answers a success. The request path names the file the
 * benchmark watches, {@code /out/<url-encoded path>/…}: for each request the server counts the records in the body
 * by the protocol's own framing (NDJSON lines, bulk action/source pairs, Loki entries in the snappy protobuf, OTLP log
 * records in the protobuf) and appends one newline per record to that file. So the benchmark's start, completion
 * (checkpoints), wall time (the file's mtime) and record count (its lines) work as for the file sink, and the server
 * costs little CPU: it never decodes JSON.
 */
public final class SinkServer {
  private static final Map<Path, FileChannel> OUTPUTS = new HashMap<>();

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: SinkServer http|loki|elasticsearch|otlp PORT_FILE");
      System.exit(2);
    }
    String protocol = args[0];
    if (!protocol.matches("http|loki|elasticsearch|otlp")) {
      System.err.println("unknown protocol " + protocol);
      System.exit(2);
    }
    MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            channel.pipeline().addLast(new HttpServerCodec());
            channel.pipeline().addLast(new HttpObjectAggregator(512 << 20));
            channel.pipeline().addLast(new SimpleChannelInboundHandler<FullHttpRequest>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws Exception {
                long records = count(protocol, request.content());
                record(output(request.uri()), records);
                FullHttpResponse response = answer(protocol);
                HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
                ctx.writeAndFlush(response);
              }
            });
          }
        }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    Path portFile = Path.of(args[1]);
    Path temp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
    Files.writeString(temp, Integer.toString(((InetSocketAddress) server.localAddress()).getPort()));
    Files.move(temp, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    server.closeFuture().sync();
  }

  /** {@code /out/<encoded path>/...}: the output file this request's records are counted into. */
  static Path output(String uri) {
    String path = uri.startsWith("/out/") ? uri.substring(5) : uri.substring(1);
    int end = path.indexOf('/');
    int query = path.indexOf('?');
    if (end < 0 || (query >= 0 && query < end)) {
      end = query < 0 ? path.length() : query;
    }
    return Path.of(URLDecoder.decode(path.substring(0, end), StandardCharsets.UTF_8));
  }

  static long count(String protocol, ByteBuf body) throws IOException {
    switch (protocol) {
      case "http":
        return newlines(body);
      case "elasticsearch":
        return newlines(body) / 2;
      case "loki":
        return lokiEntries(Snappy.uncompress(ByteBufUtil.getBytes(body)));
      default:
        return otlpLogRecords(ByteBufUtil.getBytes(body));
    }
  }

  static long newlines(ByteBuf body) {
    long n = 0;
    for (int i = body.readerIndex(), end = body.writerIndex(); i < end; ) {
      int at = body.indexOf(i, end, (byte) '\n');
      if (at < 0) {
        break;
      }
      n++;
      i = at + 1;
    }
    return n;
  }

  /** PushRequest.streams(1) → StreamAdapter.entries(2). */
  static long lokiEntries(byte[] push) throws IOException {
    long n = 0;
    CodedInputStream in = CodedInputStream.newInstance(push);
    for (int tag; (tag = in.readTag()) != 0; ) {
      if (WireFormat.getTagFieldNumber(tag) == 1) {
        CodedInputStream stream = in.readBytes().newCodedInput();
        for (int inner; (inner = stream.readTag()) != 0; ) {
          if (WireFormat.getTagFieldNumber(inner) == 2) {
            n++;
          }
          stream.skipField(inner);
        }
      } else {
        in.skipField(tag);
      }
    }
    return n;
  }

  /** ExportLogsServiceRequest.resource_logs(1) → ResourceLogs.scope_logs(2) → ScopeLogs.log_records(2). */
  static long otlpLogRecords(byte[] export) throws IOException {
    long n = 0;
    CodedInputStream in = CodedInputStream.newInstance(export);
    for (int tag; (tag = in.readTag()) != 0; ) {
      if (WireFormat.getTagFieldNumber(tag) != 1) {
        in.skipField(tag);
        continue;
      }
      CodedInputStream resource = in.readBytes().newCodedInput();
      for (int r; (r = resource.readTag()) != 0; ) {
        if (WireFormat.getTagFieldNumber(r) != 2) {
          resource.skipField(r);
          continue;
        }
        CodedInputStream scope = resource.readBytes().newCodedInput();
        for (int s; (s = scope.readTag()) != 0; ) {
          if (WireFormat.getTagFieldNumber(s) == 2) {
            n++;
          }
          scope.skipField(s);
        }
      }
    }
    return n;
  }

  static synchronized void record(Path output, long records) throws IOException {
    FileChannel channel = OUTPUTS.get(output);
    if (channel == null) {
      channel = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      OUTPUTS.put(output, channel);
    }
    byte[] lines = new byte[(int) records];
    java.util.Arrays.fill(lines, (byte) '\n');
    ByteBuffer buffer = ByteBuffer.wrap(lines);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  static FullHttpResponse answer(String protocol) {
    switch (protocol) {
      case "elasticsearch":
        return response(HttpResponseStatus.OK, "application/json", "{\"errors\":false}");
      case "loki":
        return response(HttpResponseStatus.NO_CONTENT, null, "");
      case "otlp":
        return response(HttpResponseStatus.OK, "application/x-protobuf", ""); // an empty ExportLogsServiceResponse
      default:
        return response(HttpResponseStatus.OK, "application/json", "{}");
    }
  }

  static FullHttpResponse response(HttpResponseStatus status, String type, String body) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    if (type != null) {
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    }
    HttpUtil.setContentLength(response, response.content().readableBytes());
    return response;
  }
}
