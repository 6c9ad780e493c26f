package io.raylog.sink.http;

/** What became of one gRPC call: the server's status (and its one response message), or a failure before one. */
public sealed interface GrpcResult {

  /**
   * The call ended with {@code status} ({@code grpc-status}; 0 is OK) and {@code message} ({@code grpc-message},
   * decoded); {@code body} is the response message, empty when there was none.
   */
  record Status(int status, String message, byte[] body) implements GrpcResult {}

  /**
   * No status: the connection could not be made or broke, the server answered with an HTTP error instead of gRPC, or
   * the time ran out. Whether the server received the call is unknown, so it is made again (at-least-once).
   *
   * @param reason a short token: {@code connect}, {@code tls}, {@code timeout}, {@code connection_closed},
   *     {@code http_<status>}, {@code protocol}, {@code io}
   */
  record Failure(String reason, String detail) implements GrpcResult {}

  /** The failure an exception stands for, named as the HTTP client names it ({@code connect}, {@code tls}, …). */
  static Failure failure(Throwable cause) {
    HttpResult.Failure failure = ExchangeHandler.failure(cause);
    return new Failure(failure.reason(), failure.detail());
  }
}
