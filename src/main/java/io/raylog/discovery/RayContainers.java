package io.raylog.discovery;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which containers of a pod run Ray, and where each keeps its temp dir. A container runs Ray when its command or
 * arguments say {@code ray start} or KubeRay gave it {@code KUBERAY_GEN_RAY_START_CMD}; in a pod that KubeRay
 * labelled as a Ray node, the first container is the Ray container even when its command is hidden in a script.
 * Pure and thread-safe.
 */
final class RayContainers {
  /** A pod annotation that overrides the Ray temp dir of every Ray container in the pod. */
  static final String TEMP_DIR_ANNOTATION = "raylog.io/ray-temp-dir";
  static final String DEFAULT_TEMP_DIR = "/tmp/ray";

  private static final Pattern RAY_START = Pattern.compile("(?:^|[\\s;&|/'\"])ray\\s+start\\b");
  private static final Pattern TEMP_DIR = Pattern.compile("--temp-dir(?:=|\\s+)['\"]?([^\\s'\";&|]+)");

  private RayContainers() {}

  /** The Ray containers, in the pod's order. */
  static List<Container> of(Pod pod) {
    List<Container> containers = pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.of()
        : pod.getSpec().getContainers();
    List<Container> ray = new ArrayList<>();
    for (Container container : containers) {
      if (runsRay(container)) {
        ray.add(container);
      }
    }
    if (ray.isEmpty() && !containers.isEmpty() && isKubeRayNode(pod)) {
      ray.add(containers.get(0));
    }
    return ray;
  }

  /** The Ray temp dir inside the container, normalized without a trailing slash. */
  static String tempDir(Pod pod, Container container) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String dir = annotations == null ? null : annotations.get(TEMP_DIR_ANNOTATION);
    if (dir == null || dir.isBlank()) {
      Matcher m = TEMP_DIR.matcher(commandLine(container));
      dir = m.find() ? m.group(1) : DEFAULT_TEMP_DIR;
    }
    return MountPaths.normalize(dir.strip());
  }

  private static boolean runsRay(Container container) {
    if (container.getEnv() != null) {
      for (EnvVar variable : container.getEnv()) {
        if ("KUBERAY_GEN_RAY_START_CMD".equals(variable.getName())) {
          return true;
        }
      }
    }
    return RAY_START.matcher(commandLine(container)).find();
  }

  private static boolean isKubeRayNode(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels != null && ("yes".equals(labels.get("ray.io/is-ray-node")) || labels.containsKey("ray.io/node-type"));
  }

  private static String commandLine(Container container) {
    StringBuilder line = new StringBuilder();
    if (container.getCommand() != null) {
      container.getCommand().forEach(part -> line.append(part).append(' '));
    }
    if (container.getArgs() != null) {
      container.getArgs().forEach(part -> line.append(part).append(' '));
    }
    return line.toString();
  }
}
