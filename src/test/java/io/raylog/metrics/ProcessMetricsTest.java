package io.raylog.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMetricsTest {
  @TempDir Path dir;

  @Test
  void residentMemoryIsTheVmRssLineInKilobytes() throws IOException {
    Path status = Files.writeString(dir.resolve("status"), "Name:\tjava\nVmPeak:\t 4000 kB\nVmRSS:\t  123456 kB\nThreads:\t30\n");
    assertThat(ProcessMetrics.residentBytes(status)).isEqualTo(123456 * 1024.0);
  }

  @Test
  void residentMemoryIsAGapWhenItCannotBeRead() throws IOException {
    assertThat(ProcessMetrics.residentBytes(Files.writeString(dir.resolve("status"), "Name:\tjava\n"))).isNaN();
    assertThat(ProcessMetrics.residentBytes(dir.resolve("absent"))).isNaN();
  }

  @Test
  void threadsAndCpuAreMeasuredWithoutAThreadDump() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ProcessMetrics.bindTo(registry);

    assertThat(registry.get("jvm.threads.live").gauge().value()).isGreaterThanOrEqualTo(1);
    assertThat(registry.find("jvm.threads.states").gauge()).as("per-state counts need a full thread dump").isNull();
    assertThat(registry.find("system.cpu.usage").gauge()).as("the machine's CPU is the node exporter's job").isNull();
    assertThat(registry.get("process.cpu").functionCounter().count()).isPositive();
    if (Files.isReadable(Path.of("/proc/self/status"))) {
      assertThat(registry.get("process.resident.memory").gauge().value()).isGreaterThan(1024 * 1024);
    }
  }
}
