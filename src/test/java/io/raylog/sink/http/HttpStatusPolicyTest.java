package io.raylog.sink.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.raylog.sink.SendOutcome;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpStatusPolicyTest {
  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      "400, Rejected", "413, Rejected", "422, Rejected", "409, Rejected", "302, Rejected",
      "408, Retry", "429, Retry", "500, Retry", "502, Retry", "503, Retry", "504, Retry",
      "401, Retry", "403, Retry", "404, Retry", "407, Retry"})
  void classifiesEveryStatusThatIsNotASuccess(int status, String outcome) {
    SendOutcome result = HttpStatusPolicy.notAccepted(
        new HttpResult.Response(status, new DefaultHttpHeaders(), "{\"error\":\"x\"}".getBytes()), 0);
    assertThat(result.getClass().getSimpleName()).isEqualTo(outcome);
    String reason = result instanceof SendOutcome.Retry r ? r.reason() : ((SendOutcome.Rejected) result).reason();
    assertThat(reason).isEqualTo("http_" + status);
  }

  @ParameterizedTest(name = "Retry-After: {0}")
  @CsvSource(delimiter = '|', value = {
      "5                             | 5000",
      "0                             | 0",
      "-3                            | 0",
      "soon                          | 0",
      "Thu, 26 Nov 2026 00:00:10 GMT | 10000",
      "Thu, 26 Nov 2026 00:00:00 GMT | 0",
      "99999999                      | 86400000"})
  void readsRetryAfterAsSecondsOrAnHttpDate(String header, long millis) {
    long now = 1_795_651_200_000L; // Thu, 26 Nov 2026 00:00:00 GMT
    assertThat(HttpStatusPolicy.retryAfterNanos(header, now)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  @org.junit.jupiter.api.Test
  void aFailureWithoutAResponseIsRetriedWithItsReason() {
    assertThat(HttpStatusPolicy.notAccepted(new HttpResult.Failure("connect", "refused"), 0))
        .isEqualTo(new SendOutcome.Retry("connect", "refused", 0));
  }
}
