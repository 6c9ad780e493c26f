package io.raylog.discovery;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.HttpURLConnection;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every failed HTTP call raylog's Kubernetes client makes, as an interceptor of fabric8's HTTP client. This
 * is the one place that sees them all: the informer's exception handler hears of a failed list, but a watch that
 * drops is reconnected inside fabric8's watch manager, attempt after attempt, without telling the informer. Each
 * failed attempt is one error, by kind: a connection that cannot be made ({@code unreachable}), an error status
 * ({@code forbidden}, {@code server_error}, …), or an answer that is not what was asked ({@code other}: a body
 * that is not JSON, or a 200 where a watch's WebSocket upgrade was expected, as a proxy in front of the API server
 * answers; fabric8 reconnects such a watch without a word, so this is also where it is logged).
 *
 * <p>{@code 410 Gone} is not counted: it is the API server saying a resource version is too old, and the informer
 * answers it with a fresh list, as designed. Thread-safe (fabric8 calls it from its own threads).
 */
final class FailedApiCalls implements Interceptor {
  static final String NAME = "raylog-failed-api-calls";

  private static final Logger log = LoggerFactory.getLogger(FailedApiCalls.class);
  private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final DiscoveryEvents events;
  private final AtomicLong lastUnexpectedLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

  FailedApiCalls(DiscoveryEvents events) {
    this.events = events;
  }

  @Override
  public void afterConnectionFailure(HttpRequest request, Throwable failure) {
    events.apiError(ApiErrors.UNREACHABLE);
  }

  @Override
  public CompletableFuture<Boolean> afterFailure(BasicBuilder builder, HttpResponse<?> response, RequestTags tags) {
    int code = response.code();
    if (code >= HttpURLConnection.HTTP_BAD_REQUEST && code != HttpURLConnection.HTTP_GONE) {
      events.apiError(ApiErrors.kindOfStatus(code));
    } else if (code < HttpURLConnection.HTTP_BAD_REQUEST) {
      // Not an error status, yet a failure: a watch's WebSocket upgrade answered with 200 by something that is not
      // the API server.
      unexpectedAnswer(response.request(), "status " + code + " where a WebSocket upgrade (101) was expected");
    }
    return CompletableFuture.completedFuture(false); // never asks for a retry: that is fabric8's decision
  }

  @Override
  public AsyncBody.Consumer<List<ByteBuffer>> consumer(AsyncBody.Consumer<List<ByteBuffer>> consumer,
      HttpRequest request) {
    return new JsonBodyCheck(consumer, request);
  }

  @Override
  public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    JsonBodyCheck check = consumer == null ? null : consumer.unwrap(JsonBodyCheck.class);
    if (check != null) {
      check.status(response.code());
    }
  }

  private void unexpectedAnswer(HttpRequest request, String what) {
    events.apiError(ApiErrors.OTHER);
    long now = System.nanoTime();
    long last = lastUnexpectedLog.get();
    if (now - last >= LOG_EVERY_NANOS && lastUnexpectedLog.compareAndSet(last, now)) {
      log.warn("The Kubernetes API answered {} {} with {}: is a proxy in front of the API server? Retrying; counted"
          + " in raylog_kubernetes_api_errors_total{{kind=\"other\"}}", request == null ? "" : request.method(),
          request == null ? "" : request.uri().getPath(), what);
    }
  }

  /**
   * Looks at the first byte of one answer's body: every answer of the API server (an object, a list, a watch event
   * stream, a Status) is JSON and starts with '{'. The status and the first byte may come in either order; the one
   * that comes second decides. Only a successful status counts here: an error status was counted already.
   */
  private final class JsonBodyCheck implements AsyncBody.Consumer<List<ByteBuffer>> {
    private final AsyncBody.Consumer<List<ByteBuffer>> delegate;
    private final HttpRequest request;
    private int status; // 0 until known
    private int first = -1; // the first byte that is not white space, -1 until seen

    JsonBodyCheck(AsyncBody.Consumer<List<ByteBuffer>> delegate, HttpRequest request) {
      this.delegate = delegate;
      this.request = request;
    }

    synchronized void status(int code) {
      status = code;
      decide();
    }

    @Override
    public void consume(List<ByteBuffer> buffers, AsyncBody body) throws Exception {
      synchronized (this) {
        if (first < 0) {
          for (ByteBuffer buffer : buffers) {
            for (int i = buffer.position(); i < buffer.limit() && first < 0; i++) {
              byte b = buffer.get(i);
              if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                first = b & 0xff;
              }
            }
          }
          decide();
        }
      }
      delegate.consume(buffers, body);
    }

    private void decide() {
      if (status >= 200 && status < 300 && first >= 0 && first != '{') {
        unexpectedAnswer(request, String.format("a body that is not JSON (it starts with byte 0x%02x)", first));
        first = '{'; // once per answer
      }
    }

    @Override
    public <U> U unwrap(Class<U> type) {
      return type == JsonBodyCheck.class ? type.cast(this) : delegate.unwrap(type);
    }
  }
}
