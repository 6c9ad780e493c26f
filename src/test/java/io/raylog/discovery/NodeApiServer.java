package io.raylog.discovery;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * fabric8's mock API server in CRUD mode, on loopback and an ephemeral port, with one fix: the CRUD mode matches
 * nothing for a {@code spec.nodeName} field selector (it indexes only name, namespace and labels), so the selector
 * is recorded (tests assert raylog sends it) and removed before the CRUD dispatcher sees the request. raylog then
 * receives every pod and must filter on {@code spec.nodeName} itself, which is exactly what the tests check too.
 * Can also answer 403 to everything, like an API server whose RBAC forbids listing pods, or garbage with a 200,
 * like a misconfigured proxy in front of it.
 */
public final class NodeApiServer implements AutoCloseable {
  private static final Pattern NODE_SELECTOR = Pattern.compile("fieldSelector=spec\\.nodeName(?:%3D|=)[^&]*&?");

  private final List<String> fieldSelectors = new CopyOnWriteArrayList<>();
  private volatile boolean forbidden;
  private volatile boolean garbage;
  private boolean closed;
  private final KubernetesMockServer server;

  public NodeApiServer() {
    KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (forbidden) {
          return new MockResponse().setResponseCode(403).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
              + "\"status\":\"Failure\",\"message\":\"pods is forbidden: User \\\"system:serviceaccount:raylog:raylog\\\""
              + " cannot list resource \\\"pods\\\" in API group \\\"\\\" at the cluster scope\",\"reason\":\"Forbidden\","
              + "\"code\":403}");
        }
        if (garbage) {
          return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
              .setBody("<html><body>502 Bad Gateway from a proxy that says 200</body></html>\u0000\u00ff{[");
        }
        return super.dispatch(request);
      }

      @Override
      public MockResponse handleGet(String path) {
        return super.handleGet(stripNodeSelector(path));
      }

      @Override
      public MockResponse handleWatch(String path) {
        return super.handleWatch(stripNodeSelector(path));
      }
    };
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
  }

  private String stripNodeSelector(String path) {
    var m = NODE_SELECTOR.matcher(path);
    if (m.find()) {
      fieldSelectors.add(URLDecoder.decode(m.group(), StandardCharsets.UTF_8));
      String stripped = m.replaceFirst("");
      return stripped.endsWith("?") || stripped.endsWith("&") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }
    return path;
  }

  /** A client for creating and deleting pods, as the test's "kubectl". */
  public NamespacedKubernetesClient client() {
    return server.createClient();
  }

  /** The base URL, for a kubeconfig. */
  public String url() {
    return server.url("/").replaceAll("/$", "");
  }

  /** The {@code spec.nodeName} field selectors that list and watch requests carried, decoded. */
  public List<String> nodeFieldSelectors() {
    return List.copyOf(fieldSelectors);
  }

  public void forbidEverything() {
    forbidden = true;
  }

  /** Answers every request with 200 and a body that is not JSON. */
  public void answerGarbage() {
    garbage = true;
  }

  /** Stops the server (an API server going down); idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      try {
        server.destroy();
      } catch (IllegalStateException e) {
        // The mock waits 10 s for open watch connections to end; on a loaded machine a client's close can take
        // longer. The server stops accepting either way, which is all a test needs.
      }
    }
  }
}
