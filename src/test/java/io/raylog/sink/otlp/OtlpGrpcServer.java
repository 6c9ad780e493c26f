package io.raylog.sink.otlp;

import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real gRPC server (grpc-java over Netty) on 127.0.0.1 serving OTLP's {@code LogsService/Export}: every call's
 * request and metadata are kept, and a script says what each call gets: a response, or an error status.
 */
final class OtlpGrpcServer implements AutoCloseable {
  /** What one call gets: an answer (OK) or an error status. */
  sealed interface Answer {
    record Ok(ExportLogsServiceResponse response) implements Answer {}

    record Error(Status status) implements Answer {}

    Answer OK = new Ok(ExportLogsServiceResponse.getDefaultInstance());
  }

  final List<ExportLogsServiceRequest> accepted = new CopyOnWriteArrayList<>();
  final List<Metadata> metadata = new CopyOnWriteArrayList<>();
  private final Server server;

  /** @param script what the n-th call (from 0) gets, given its request */
  OtlpGrpcServer(int port, ServerCredentials credentials, Function<Integer, Answer> script) throws IOException {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    LogsServiceGrpc.LogsServiceImplBase service = new LogsServiceGrpc.LogsServiceImplBase() {
      @Override
      public void export(ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> answer) {
        Answer scripted = script.apply(calls.getAndIncrement());
        if (scripted instanceof Answer.Ok ok) {
          accepted.add(request);
          answer.onNext(ok.response());
          answer.onCompleted();
        } else {
          answer.onError(((Answer.Error) scripted).status().asRuntimeException());
        }
      }
    };
    ServerInterceptor keepMetadata = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        metadata.add(headers);
        return next.startCall(call, headers);
      }
    };
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port), credentials)
        .addService(ServerInterceptors.intercept(service, keepMetadata)).build().start();
  }

  OtlpGrpcServer(Function<Integer, Answer> script) throws IOException {
    this(0, InsecureServerCredentials.create(), script);
  }

  int port() {
    return server.getPort();
  }

  /** The bodies of every record accepted. */
  List<String> bodies() {
    return accepted.stream().flatMap(r -> r.getResourceLogsList().stream())
        .flatMap(rl -> rl.getScopeLogsList().stream()).flatMap(sl -> sl.getLogRecordsList().stream())
        .map(lr -> lr.getBody().getStringValue()).toList();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
