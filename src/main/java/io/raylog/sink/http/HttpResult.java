package io.raylog.sink.http;

import io.netty.handler.codec.http.HttpHeaders;

/** What became of one request: a response, or a failure before one arrived. */
public sealed interface HttpResult {

  /** A whole response; {@code body} is its content (decompressed), at most the client's response limit. */
  record Response(int status, HttpHeaders headers, byte[] body) implements HttpResult {
    public String bodyText(int maxChars) {
      String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
      return text.length() > maxChars ? text.substring(0, maxChars) + "…" : text;
    }
  }

  /**
   * No response: the connection could not be made or broke, or the time ran out. Whether the server received the
   * request is unknown, so it is sent again (at-least-once).
   *
   * @param reason a short token: {@code connect}, {@code tls}, {@code timeout}, {@code connection_closed}, {@code io}
   */
  record Failure(String reason, String detail) implements HttpResult {}
}
