package io.raylog.sink.http;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.raylog.sink.SendOutcome;
import java.util.Date;
import java.util.concurrent.TimeUnit;

/**
 * What an HTTP status means for the records, the same for every HTTP sink. Pure.
 *
 * <ul>
 *   <li>2xx: accepted (the protocol may look inside the body: bulk items, OTLP partial success).
 *   <li>408, 429, 5xx, and any failure without a response: retried, after at least the {@code Retry-After}.
 *   <li>401, 403, 404, 407: retried too. They say the sink is misconfigured (credentials, URL), not that the records
 *       are bad; once an operator fixes it, every record still arrives.
 *   <li>Any other status (400, 413, 422, …): the records are rejected for good.
 * </ul>
 */
public final class HttpStatusPolicy {
  static final int MAX_DETAIL_CHARS = 512;

  private HttpStatusPolicy() {}

  public static boolean accepted(int status) {
    return status >= 200 && status < 300;
  }

  public static boolean retriable(int status) {
    return status == 408 || status == 429 || status >= 500 || status == 401 || status == 403 || status == 404
        || status == 407;
  }

  /** The outcome of a failure, or of a response that is not a 2xx. */
  public static SendOutcome notAccepted(HttpResult result, long nowMillis) {
    if (result instanceof HttpResult.Failure failure) {
      return SendOutcome.retry(failure.reason(), failure.detail());
    }
    HttpResult.Response response = (HttpResult.Response) result;
    String reason = "http_" + response.status();
    String detail = "HTTP " + response.status() + ": " + response.bodyText(MAX_DETAIL_CHARS);
    if (retriable(response.status())) {
      return new SendOutcome.Retry(reason, detail, retryAfterNanos(response.headers().get(HttpHeaderNames.RETRY_AFTER), nowMillis));
    }
    return new SendOutcome.Rejected(reason, detail);
  }

  /** {@code Retry-After} as seconds or an HTTP date; 0 when absent or unreadable. */
  static long retryAfterNanos(String header, long nowMillis) {
    if (header == null || header.isBlank()) {
      return 0;
    }
    String value = header.strip();
    try {
      long seconds = Long.parseLong(value);
      return seconds <= 0 ? 0 : TimeUnit.SECONDS.toNanos(Math.min(seconds, TimeUnit.DAYS.toSeconds(1)));
    } catch (NumberFormatException notSeconds) {
      Date date = DateFormatter.parseHttpDate(value);
      if (date == null) {
        return 0;
      }
      long millis = date.getTime() - nowMillis;
      return millis <= 0 ? 0 : TimeUnit.MILLISECONDS.toNanos(Math.min(millis, TimeUnit.DAYS.toMillis(1)));
    }
  }
}
