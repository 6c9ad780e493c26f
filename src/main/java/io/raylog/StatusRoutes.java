package io.raylog;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.raylog.sink.SinkEndpoint;
import io.raylog.status.HttpServer;
import io.raylog.status.Liveness;
import io.raylog.status.StatusPage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the HTTP server answers: the status page and its JSON, Prometheus metrics, the liveness and readiness probes,
 * and the POST endpoints that sinks serve.
 */
final class StatusRoutes {
  private StatusRoutes() {}

  static Map<String, Supplier<HttpServer.Response>> get(PrometheusMeterRegistry registry, Liveness liveness,
      BooleanSupplier ready, Supplier<String> statusJson) {
    Map<String, Supplier<HttpServer.Response>> routes = new LinkedHashMap<>();
    routes.put("/", () -> new HttpServer.Response(200, "text/html; charset=utf-8", StatusPage.html()));
    routes.put("/metrics", () -> new HttpServer.Response(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    routes.put("/healthz", () -> liveness.problem().map(problem -> HttpServer.Response.text(503, problem + "\n"))
        .orElse(HttpServer.Response.text(200, "ok\n")));
    routes.put("/readyz", () -> ready.getAsBoolean() ? HttpServer.Response.text(200, "ready\n")
        : HttpServer.Response.text(503, "starting\n"));
    routes.put("/status", () -> new HttpServer.Response(200, "application/json", statusJson.get()));
    return routes;
  }

  /** The sinks' POST endpoints as HTTP routes. */
  static Map<String, HttpServer.PostRoute> post(Map<String, SinkEndpoint> endpoints) {
    Map<String, HttpServer.PostRoute> posts = new LinkedHashMap<>();
    endpoints.forEach((path, endpoint) -> posts.put(path, (query, body) -> {
      SinkEndpoint.Answer answer = endpoint.post(query, body);
      return new HttpServer.Response(answer.status(), "text/plain; charset=utf-8", answer.body(),
          answer.retryAfterSeconds());
    }));
    return posts;
  }

  /** The largest request body the POST endpoints accept. */
  static int maxRequestBytes(Map<String, SinkEndpoint> endpoints) {
    return endpoints.values().stream().mapToInt(SinkEndpoint::maxRequestBytes).max().orElse(64 * 1024);
  }
}
