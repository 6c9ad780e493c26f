package io.raylog.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Configuration files for end-to-end runs, written from the sections the runs share and the YAML that is particular
 * to each run. A fragment is YAML ending in a newline (a top-level section, or an item of the {@code sinks:} list),
 * so a run's configuration joins them in order and still reads as the file a user writes.
 */
final class Configs {
  /** The HTTP server on 127.0.0.1 and a free port, which the run reads back ({@link ServedRaylog#awaitPort}). */
  static final String SERVED_ON_A_FREE_PORT = """
      server:
        address: 127.0.0.1
        port: 0
      """;

  private Configs() {}

  /** Writes {@code <dir>/raylog.yaml} from fragments, in order. */
  static Path write(Path dir, String... fragments) throws IOException {
    return Files.writeString(dir.resolve("raylog.yaml"), String.join("", fragments));
  }

  /** Static discovery over {@code roots}, the state under {@code <dir>/state}. */
  static String staticRoots(Path dir, Path... roots) {
    return """
        discovery:
          static:
            roots: %s
        state_dir: %s
        """.formatted(List.of(roots), dir.resolve("state"));
  }

  /**
   * Kubernetes discovery as the collector on {@code node-1} whose host filesystem is at {@code hostRoot} (the API
   * server is the one in {@code KUBECONFIG}), the state under {@code <dir>/state}.
   */
  static String kubernetesNode(Path dir, Path hostRoot) {
    return """
        discovery:
          kubernetes:
            node_name: node-1
            host_root: %s
        state_dir: %s
        """.formatted(hostRoot, dir.resolve("state"));
  }

  /** An item of {@code sinks:}: a file sink. */
  static String fileSink(String name, Path path) {
    return """
          - name: %s
            type: file
            path: %s
        """.formatted(name, path);
  }

  /**
   * An item of {@code sinks:}: an http sink that retries quickly (20 ms to 200 ms), so an outage the test ends is
   * over for raylog within a fraction of a second; more of the item's options may follow, indented as these.
   */
  static String httpSink(String name, String url, String requestTimeout) {
    return """
          - name: %s
            type: http
            url: %s
            request_timeout: %s
            retry_initial_backoff: 20ms
            retry_max_backoff: 200ms
        """.formatted(name, url, requestTimeout);
  }

  /** Static discovery over {@code root}, rescanned every 200 ms, shipping to a file sink, the server off. */
  static Path fileSink(Path dir, Path root, Path output, String extra) throws IOException {
    return write(dir, """
        discovery:
          static:
            roots: [%s]
            scan_interval: 200ms
        state_dir: %s
        checkpoint:
          interval: 200ms
        tail:
          poll_interval: 50ms
        sinks:
        """.formatted(root, dir.resolve("state")), fileSink("archive", output), """
        server:
          enabled: false
        """, extra);
  }
}
