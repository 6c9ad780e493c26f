package io.raylog.sink.http;

import java.net.URI;
import java.util.Locale;

/**
 * Where an HTTP sink connects and what it puts in the request line and {@code Host} header, from its URL.
 * Immutable.
 *
 * @param requestTarget the path and query, {@code /} when the URL has none
 */
public record HttpEndpoint(boolean tls, String host, int port, String requestTarget, String hostHeader) {

  public static HttpEndpoint of(URI url) {
    boolean tls = url.getScheme().toLowerCase(Locale.ROOT).equals("https");
    int defaultPort = tls ? 443 : 80;
    int port = url.getPort() < 0 ? defaultPort : url.getPort();
    String host = url.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1); // an IPv6 literal: brackets only in the URL and the Host header
    }
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    String hostHeader = url.getHost() + (port == defaultPort ? "" : ":" + port);
    return new HttpEndpoint(tls, host, port, target, hostHeader);
  }

  /** The same server with another request target (Elasticsearch's {@code /_bulk} below the base URL). */
  public HttpEndpoint withTarget(String target) {
    return new HttpEndpoint(tls, host, port, target, hostHeader);
  }

  @Override
  public String toString() {
    return (tls ? "https://" : "http://") + hostHeader + requestTarget;
  }
}
