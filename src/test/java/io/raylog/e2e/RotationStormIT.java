package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation in every naming Ray uses, at full speed, while raylog reads: every line arrives, none twice. */
class RotationStormIT {
  @TempDir Path dir;

  @Test
  void noLineIsLostOrDuplicatedThroughARotationStorm() throws Exception {
    RayTempDir ray = RayTempDir.create(dir);
    Path output = dir.resolve("out/records.ndjson");
    Path config = Configs.fileSink(dir, ray.root(), output, "");
    RayLikeWriter writer = new RayLikeWriter(ray.logs(), 50_000, 0, 2_000);
    try (RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
      Thread writing = new Thread(writer, "writer");
      writing.start();
      writing.join();
      NdjsonFile out = new NdjsonFile(output);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> writer.check(out.poll()).missing() == 0);
      Thread.sleep(500);
      RayLikeWriter.Delivery delivery = writer.check(out.poll());
      System.out.printf("rotation storm: %d lines written, %d records, %d duplicates%n",
          writer.totalWritten(), delivery.records(), delivery.duplicates());
      assertThat(delivery.missing()).isZero();
      assertThat(delivery.duplicates()).isZero();
      raylog.terminate(30);
      assertThat(raylog.stderrText()).doesNotContain("ERROR");
    }
  }
}
