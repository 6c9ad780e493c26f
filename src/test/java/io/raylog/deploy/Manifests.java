package io.raylog.deploy;

import io.raylog.config.ConfigReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Kubernetes manifests (k8s/, the chart's render) read as YAML objects, for the deployment tests. */
public final class Manifests {
  public static final Path DAEMONSET = Path.of("k8s", "daemonset.yaml");
  public static final Path CHART = Path.of("charts", "raylog");
  public static final YAMLMapper YAML = new YAMLMapper();

  private Manifests() {}

  /** Every non-empty document of a multi-document YAML text. */
  public static List<JsonNode> documents(String text) {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(text)) {
      while (iterator.hasNext()) {
        JsonNode document = iterator.next();
        if (document != null && document.isObject() && !document.isEmpty()) {
          documents.add(document);
        }
      }
    }
    return documents;
  }

  public static List<JsonNode> daemonsetYaml() throws IOException {
    return documents(Files.readString(DAEMONSET));
  }

  public static Optional<JsonNode> ofKind(List<JsonNode> documents, String kind) {
    return documents.stream().filter(d -> kind.equals(d.path("kind").asString())).findFirst();
  }

  public static JsonNode kind(List<JsonNode> documents, String kind) {
    return ofKind(documents, kind).orElseThrow(() -> new AssertionError("no " + kind + " in the manifests"));
  }

  /** The raylog configuration a ConfigMap carries, parsed. */
  public static JsonNode config(List<JsonNode> documents) {
    return YAML.readTree(kind(documents, "ConfigMap").get("data").get("raylog.yaml").asString());
  }

  /** Whether this build of raylog knows {@code discovery.kubernetes} (the Kubernetes discovery issue). */
  public static boolean kubernetesDiscoveryBuilt() {
    return ConfigReference.markdown().contains("`discovery.kubernetes");
  }

  /**
   * The configuration as this build can load it: unchanged when it knows Kubernetes discovery; otherwise with the
   * {@code discovery} section replaced by a static root, so that every other key is still checked.
   */
  public static String loadable(JsonNode config) {
    ObjectNode copy = (ObjectNode) config.deepCopy();
    if (!kubernetesDiscoveryBuilt() && copy.has("discovery") && copy.get("discovery").has("kubernetes")) {
      copy.putObject("discovery").putObject("static").putArray("roots").add("/tmp/ray");
    }
    return YAML.writeValueAsString(copy);
  }
}
