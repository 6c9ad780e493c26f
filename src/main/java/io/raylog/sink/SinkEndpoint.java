package io.raylog.sink;

/**
 * A POST endpoint a sink serves on raylog's HTTP server (the history sink's Ray event export). Called on the HTTP
 * server's thread; thread-safe.
 */
public interface SinkEndpoint {

  /** The request path, e.g. {@code /v1/events}. */
  String path();

  /** The largest request body taken; a larger one is answered 413 before it reaches {@link #post}. */
  int maxRequestBytes();

  /** Takes one request: its query string (without {@code ?}; empty when none) and body. */
  Answer post(String query, byte[] body);

  /** @param retryAfterSeconds sent as {@code Retry-After} when positive */
  record Answer(int status, String body, int retryAfterSeconds) {}
}
