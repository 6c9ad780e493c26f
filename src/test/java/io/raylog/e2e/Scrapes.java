package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reading a running raylog's {@code /metrics} in the end-to-end tests. */
final class Scrapes {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Scrapes() {}

  /** The body of {@code /metrics} on {@code port}, which must answer 200. */
  static String scrape(int port) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /**
   * The sum of the samples of {@code series} in a scrape: every sample of a metric, whatever its tags, for a name;
   * one sample for a name with its tags ({@code x_total{kind="a"}}); 0 when there is none.
   */
  static double sum(String scrape, String series) {
    double sum = 0;
    for (String line : scrape.lines().toList()) {
      if (line.startsWith(series + "{") || line.startsWith(series + " ")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** {@link #sum} of a fresh scrape of {@code port}. */
  static double sum(int port, String series) throws IOException, InterruptedException {
    return sum(scrape(port), series);
  }
}
