package io.raylog.discovery;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables of a container that raylog can know from the pod spec alone: literal values (with
 * {@code $(VAR)} references to earlier variables expanded, as the kubelet does) and downward-API {@code fieldRef}s.
 * Variables from ConfigMaps, Secrets or resource fields are unknown here. Pure; immutable.
 */
final class ContainerEnvironment {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");
  private static final Pattern MAP_FIELD = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

  private final Map<String, String> known;

  private ContainerEnvironment(Map<String, String> known) {
    this.known = known;
  }

  static ContainerEnvironment of(Pod pod, Container container) {
    Map<String, String> known = new LinkedHashMap<>();
    if (container.getEnv() != null) {
      for (EnvVar variable : container.getEnv()) {
        String value = valueOf(pod, variable, known);
        if (value != null) {
          known.put(variable.getName(), value);
        } else {
          known.remove(variable.getName()); // a later definition wins, even an unknown one
        }
      }
    }
    return new ContainerEnvironment(known);
  }

  /** The value of a variable, or null when it is unset or not knowable from the spec. */
  String get(String name) {
    return known.get(name);
  }

  /** The result of expanding {@code $(VAR)} references; {@code $$} is a literal {@code $}. */
  record Expansion(String text, String unresolved) {}

  /**
   * Expands references like the kubelet expands {@code subPathExpr}. A reference to a variable raylog cannot know
   * is reported in {@link Expansion#unresolved}: the kubelet would expand it, so the path raylog would compute is
   * wrong.
   */
  Expansion expand(String text) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    String unresolved = null;
    while (m.find()) {
      String replacement;
      if (m.group(1) == null) {
        replacement = "$";
      } else {
        replacement = known.get(m.group(1));
        if (replacement == null) {
          unresolved = unresolved == null ? m.group(1) : unresolved;
          replacement = m.group();
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return new Expansion(out.toString(), unresolved);
  }

  private static String valueOf(Pod pod, EnvVar variable, Map<String, String> earlier) {
    if (variable.getValueFrom() == null) {
      String value = variable.getValue() == null ? "" : variable.getValue();
      ContainerEnvironment previous = new ContainerEnvironment(earlier);
      return previous.expand(value).text();
    }
    ObjectFieldSelector field = variable.getValueFrom().getFieldRef();
    return field == null ? null : fieldValue(pod, field.getFieldPath());
  }

  /** The downward-API fields a subPathExpr may use; null for those unknown from the spec. */
  static String fieldValue(Pod pod, String fieldPath) {
    if (fieldPath == null) {
      return null;
    }
    switch (fieldPath) {
      case "metadata.name":
        return pod.getMetadata().getName();
      case "metadata.namespace":
        return pod.getMetadata().getNamespace();
      case "metadata.uid":
        return pod.getMetadata().getUid();
      case "spec.nodeName":
        return pod.getSpec().getNodeName();
      case "spec.serviceAccountName":
        return pod.getSpec().getServiceAccountName();
      case "status.podIP":
        return pod.getStatus() == null ? null : pod.getStatus().getPodIP();
      case "status.hostIP":
        return pod.getStatus() == null ? null : pod.getStatus().getHostIP();
      default:
        Matcher m = MAP_FIELD.matcher(fieldPath);
        if (!m.matches()) {
          return null;
        }
        Map<String, String> map = m.group(1).equals("labels") ? pod.getMetadata().getLabels()
            : pod.getMetadata().getAnnotations();
        return map == null ? null : map.get(m.group(2));
    }
  }
}
