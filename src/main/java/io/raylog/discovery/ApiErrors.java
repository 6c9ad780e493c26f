package io.raylog.discovery;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Duration;

/** Classifies Kubernetes API errors for metrics and explains them to the user. Pure. */
final class ApiErrors {
  static final String UNREACHABLE = "unreachable";
  static final String OTHER = "other";

  private ApiErrors() {}

  /** A low-cardinality class: {@code unauthorized}, {@code forbidden}, {@code unreachable}, {@code http_<code>}, {@code other}. */
  static String kind(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() > 0) {
        return kindOfStatus(k.getCode());
      }
      if (t instanceof IOException) {
        return UNREACHABLE;
      }
    }
    return OTHER;
  }

  /** The kind of an error status the API server answered with. */
  static String kindOfStatus(int code) {
    return switch (code) {
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      default -> code >= 500 ? "server_error" : "http_" + code;
    };
  }

  static String describe(Throwable error) {
    if (error == null) {
      return "no error reported";
    }
    String message = error.getMessage();
    if (message == null && error.getCause() != null) {
      message = error.getCause().toString();
    }
    return message == null ? error.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
  }

  /** Why start-up could not list the node's pods, and what to check first. */
  static String syncFailure(String node, Duration timeout, Throwable cause) {
    String kind = cause == null ? "timeout" : kind(cause);
    String likely = switch (kind) {
      case "forbidden" -> "RBAC: the service account may not list or watch pods. Bind it to a ClusterRole with"
          + " get, list and watch on pods (apiGroups: [\"\"], resources: [\"pods\"])";
      case "unauthorized" -> "credentials: the service account token or kubeconfig is not accepted by the API server";
      case "unreachable" -> "the API server is unreachable from this pod (network policy, DNS, KUBERNETES_SERVICE_HOST,"
          + " or a wrong KUBECONFIG)";
      default -> "the API server is unreachable or slow, or RBAC forbids get, list and watch on pods";
    };
    return "Kubernetes discovery: could not list the pods of node " + node + " within " + timeout.toSeconds() + "s"
        + (cause == null ? "" : " (last error: " + describe(cause) + ")") + ". Likely cause: " + likely + ".";
  }
}
