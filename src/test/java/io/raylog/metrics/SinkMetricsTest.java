package io.raylog.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SinkMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SinkMetrics metrics = new SinkMetrics(registry, "archive", "file");

  @Test
  void aSinkIsFailingFromAFailedAttemptUntilTheNextDelivery() {
    metrics.delivered(10, 1000, TimeUnit.MILLISECONDS.toNanos(2));
    assertThat(metrics.consecutiveFailures()).isZero();

    metrics.failed(new IOException("disk full"), TimeUnit.MILLISECONDS.toNanos(100));
    metrics.failed(new IOException("disk still full"), TimeUnit.MILLISECONDS.toNanos(200));
    assertThat(metrics.consecutiveFailures()).isEqualTo(2);
    assertThat(metrics.lastError()).isEqualTo("java.io.IOException: disk still full");

    metrics.delivered(5, 500, TimeUnit.MILLISECONDS.toNanos(3));
    assertThat(metrics.consecutiveFailures()).isZero();
    assertThat(metrics.recordsSent()).isEqualTo(15);
    assertThat(metrics.bytesSent()).isEqualTo(1500);
    assertThat(metrics.failures()).isEqualTo(2);
    assertThat(metrics.lastError()).as("kept for the status page after recovery").contains("disk still full");
  }

  @Test
  void onlyFailuresThatWillBeTriedAgainCountAsRetries() {
    metrics.failed(new IOException("refused"), 1_000);
    metrics.failed(new IOException("rejected for good"), -1);

    assertThat(registry.get("raylog_sink_failures").tags("sink", "archive", "type", "file").counter().count()).isEqualTo(2);
    assertThat(registry.get("raylog_sink_retries").tags("sink", "archive", "type", "file").counter().count()).isEqualTo(1);
  }

  @Test
  void batchesInFlightFollowWhatTheSinkReports() {
    metrics.inFlight(3);
    assertThat(registry.get("raylog_sink_batches_in_flight").gauge().value()).isEqualTo(3);
    metrics.inFlight(0);
    assertThat(registry.get("raylog_sink_batches_in_flight").gauge().value()).isZero();
    assertThat(metrics.batchesInFlight()).isZero();
  }

  @Test
  void latencyIsAHistogramWithFixedBuckets() {
    metrics.delivered(1, 10, TimeUnit.MILLISECONDS.toNanos(7));
    var snapshot = registry.get("raylog_sink_latency").timer().takeSnapshot();
    assertThat(snapshot.histogramCounts()).hasSize(13);
    assertThat(snapshot.histogramCounts()[1].count()).as("7 ms is not under 5 ms").isZero();
    assertThat(snapshot.histogramCounts()[2].count()).as("7 ms is under 10 ms").isEqualTo(1);
  }
}
