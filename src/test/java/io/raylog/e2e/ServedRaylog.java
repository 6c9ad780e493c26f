package io.raylog.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built jar running on a copy of the bundled Ray sessions with its HTTP server on 127.0.0.1 and an ephemeral
 * port (read back from its start-up log line), for tests of /metrics, /status and the status page.
 */
final class ServedRaylog implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("http on 127\\.0\\.0\\.1:(\\d+)");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final RaylogProcess process;
  private final int port;

  private ServedRaylog(RaylogProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts raylog on a copy of test-fixtures/ray/head and …/worker under {@code dir}, shipping to a file sink. */
  static ServedRaylog start(Path dir) throws Exception {
    Path roots = Files.createDirectories(dir.resolve("ray"));
    for (String pod : new String[] {"head", "worker"}) {
      Process copy = new ProcessBuilder("cp", "-a", "test-fixtures/ray/" + pod, roots.resolve(pod).toString()).inheritIO().start();
      if (copy.waitFor() != 0) {
        throw new IOException("copying the fixtures failed");
      }
    }
    Path config = Configs.write(dir, Configs.staticRoots(dir, roots.resolve("head"), roots.resolve("worker")), """
        checkpoint:
          interval: 200ms
        sinks:
        """, Configs.fileSink("archive", dir.resolve("records.ndjson")), Configs.SERVED_ON_A_FREE_PORT);
    RaylogProcess process = RaylogProcess.start(dir, "run", "--config", config.toString());
    try {
      return new ServedRaylog(process, awaitPort(process));
    } catch (RuntimeException | Error e) {
      process.close();
      throw e;
    }
  }

  /** The port of the HTTP server of a raylog started with {@code server.port: 0}, once it listens. */
  static int awaitPort(RaylogProcess process) {
    AtomicInteger port = new AtomicInteger();
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      if (!process.isAlive()) {
        throw new AssertionError("raylog exited: " + process.stderrText());
      }
      Matcher matcher = LISTENING.matcher(process.stderrText());
      if (matcher.find()) {
        port.set(Integer.parseInt(matcher.group(1)));
        return true;
      }
      return false;
    });
    return port.get();
  }

  int port() {
    return port;
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  String stderrText() throws IOException {
    return process.stderrText();
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.terminate(30);
    }
  }
}
