package io.raylog.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig for the jar under test, pointing at fabric8's mock API server (loopback, a dummy token). */
final class Kubeconfig {
  private Kubeconfig() {}

  /** Writes {@code dir/kubeconfig} for the API server at {@code server} and returns its path. */
  static Path write(Path dir, String server) throws IOException {
    Path file = dir.resolve("kubeconfig");
    Files.writeString(file, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster: {server: "%s"}
        users:
        - name: raylog
          user: {token: not-a-real-token}
        contexts:
        - name: mock
          context: {cluster: mock, user: raylog, namespace: default}
        current-context: mock
        """.formatted(server));
    return file;
  }
}
