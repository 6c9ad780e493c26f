package io.raylog.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.sink.history.HistorySinkConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryConfigTest {
  private static final String DISCOVERY = "discovery:\n  static:\n    roots: [/tmp/ray]\nsinks:\n";

  @TempDir Path dir;

  @Test
  void theIssuesKeysKeepTheirMeaningAndTheRestHasDefaults() {
    RaylogConfig config = new ConfigFiles(dir).load(DISCOVERY + """
          - name: history
            type: history
            bucket: ray-history
            prefix: ""
            endpoint: http://minio.minio:9000
            region: us-east-1
            force_path_style: false
            upload_interval: 1m
        """);
    HistorySinkConfig history = (HistorySinkConfig) config.sinks().get(0);
    assertThat(history.bucket()).isEqualTo("ray-history");
    assertThat(history.prefix()).isEmpty();
    assertThat(history.store().endpoint()).contains(URI.create("http://minio.minio:9000"));
    assertThat(history.store().region()).isEqualTo("us-east-1");
    assertThat(history.store().forcePathStyle()).isFalse();
    assertThat(history.uploadInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(history.nodeIdWait()).isEqualTo(Duration.ofMinutes(2));
    assertThat(history.delivery().maxInFlight()).isEqualTo(1024);
    assertThat(history.store().accessKeyId()).isEqualTo(Optional.empty());
  }

  @Test
  void credentialsComeInPairs() {
    assertThat(new ConfigFiles(dir).problems(DISCOVERY
        + "  - {name: h, type: history, bucket: ray-history, prefix: hs, access_key_id_file: /k}\n"))
        .containsExactly("sinks[0].secret_access_key_file: required with access_key_id_file");
    assertThat(new ConfigFiles(dir).problems(DISCOVERY
        + "  - {name: h, type: history, bucket: ray-history, upload_interval: 10ms}\n"))
        .hasSize(1).allMatch(p -> p.startsWith("sinks[0].upload_interval: "));
  }
}
