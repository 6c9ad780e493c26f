package io.raylog.discovery;

import static io.raylog.discovery.PodSpecs.UID;
import static io.raylog.discovery.PodSpecs.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.raylog.tail.TailRoot.Layout;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The resolver over pod specs: where each Ray container's logs are on the host, or why they cannot be read. */
class PodResolverTest {
  private static final KubernetesPaths NODE =
      new KubernetesPaths(Path.of("/var/lib/kubelet"), Path.of("/var/log/pods"), "");
  private static final String EMPTY_DIR = "/var/lib/kubelet/pods/" + UID + "/volumes/kubernetes.io~empty-dir/";

  private static final String RAY_HEAD = """
      - name: ray-head
        image: rayproject/ray:2.52.0
        command: ["/bin/bash", "-lc", "--"]
        args: ["ulimit -n 65536; ray start --head --block --dashboard-host=0.0.0.0"]
      """;

  /** One case: containers and volumes, and the roots (host dir, container dir, layout) or problem reasons. */
  record Case(String name, Pod pod, KubernetesPaths paths, List<String> roots, List<UnreadableReason> problems) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        ok("emptyDir at /tmp/ray (the RayCluster of the Ray docs)",
            RAY_HEAD + "  volumeMounts: [{name: ray-logs, mountPath: /tmp/ray}]",
            "- name: ray-logs\n  emptyDir: {}",
            EMPTY_DIR + "ray-logs <- /tmp/ray"),
        ok("emptyDir mounted at the parent /tmp",
            RAY_HEAD + "  volumeMounts: [{name: tmp, mountPath: /tmp/}]",
            "- name: tmp\n  emptyDir: {}",
            EMPTY_DIR + "tmp/ray <- /tmp/ray"),
        ok("hostPath without subPath",
            RAY_HEAD + "  volumeMounts: [{name: logs, mountPath: /tmp/ray}]",
            "- name: logs\n  hostPath: {path: /var/log/ray, type: DirectoryOrCreate}",
            "/var/log/ray <- /tmp/ray"),
        ok("hostPath with a literal subPath",
            RAY_HEAD + "  volumeMounts: [{name: logs, mountPath: /tmp/ray, subPath: head/one}]",
            "- name: logs\n  hostPath: {path: /var/log/ray}",
            "/var/log/ray/head/one <- /tmp/ray"),
        ok("hostPath with subPathExpr from downward-API fieldRefs",
            RAY_HEAD + """
                  env:
                  - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                  - {name: POD_NAMESPACE, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
                  volumeMounts: [{name: logs, mountPath: /tmp/ray, subPathExpr: "$(POD_NAMESPACE)_$(POD_NAME)"}]
                """,
            "- name: logs\n  hostPath: {path: /var/log/ray}",
            "/var/log/ray/ml_raycluster-logs-head-x2k9d <- /tmp/ray"),
        ok("subPathExpr with the pod uid, a literal and a variable built from another",
            RAY_HEAD + """
                  env:
                  - {name: UID, valueFrom: {fieldRef: {fieldPath: metadata.uid}}}
                  - {name: PREFIX, value: "ray-$(UID)"}
                  volumeMounts: [{name: logs, mountPath: /tmp, subPathExpr: "$(PREFIX)/x$$y"}]
                """,
            "- name: logs\n  hostPath: {path: /data}",
            "/data/ray-" + UID + "/x$y/ray <- /tmp/ray"),
        ok("--temp-dir in the command, hostPath at a parent of it",
            """
                - name: ray-worker
                  image: rayproject/ray:2.52.0
                  command: ["ray", "start", "--address=head:6379", "--temp-dir=/data/ray-tmp", "--block"]
                  volumeMounts: [{name: data, mountPath: /data}]
                """,
            "- name: data\n  hostPath: {path: /mnt/disks/ssd0}",
            "/mnt/disks/ssd0/ray-tmp <- /data/ray-tmp"),
        ok("the raylog.io/ray-temp-dir annotation overrides the command",
            pod("p", UID, "annotations: {raylog.io/ray-temp-dir: /scratch/ray}",
                RAY_HEAD + "  volumeMounts: [{name: s, mountPath: /scratch}, {name: t, mountPath: /tmp/ray}]",
                "- {name: s, emptyDir: {}}\n- {name: t, emptyDir: {}}"),
            NODE, EMPTY_DIR + "s/ray <- /scratch/ray"),
        ok("the deepest mount wins",
            RAY_HEAD + "  volumeMounts: [{name: tmp, mountPath: /tmp}, {name: ray, mountPath: /tmp/ray}]",
            "- {name: tmp, emptyDir: {}}\n- {name: ray, emptyDir: {}}",
            EMPTY_DIR + "ray <- /tmp/ray"),
        ok("a KubeRay node whose command hides ray start in a script: the first container",
            pod("p", UID, "labels: {ray.io/node-type: worker, ray.io/cluster: c}", """
                - name: main
                  image: my/ray
                  command: ["/entrypoint.sh"]
                  volumeMounts: [{name: ray-logs, mountPath: /tmp/ray}]
                - name: sidecar
                  image: busybox
                """, "- {name: ray-logs, emptyDir: {}}"),
            NODE, EMPTY_DIR + "ray-logs <- /tmp/ray"),
        ok("head and autoscaler share one volume: tailed once, as the head's",
            RAY_HEAD + """
                  volumeMounts: [{name: ray-logs, mountPath: /tmp/ray}]
                - name: autoscaler
                  image: rayproject/ray:2.52.0
                  command: ["ray"]
                  args: ["kuberay-autoscaling"]
                  env: [{name: KUBERAY_GEN_RAY_START_CMD, value: "ray start"}]
                  volumeMounts: [{name: ray-logs, mountPath: /tmp/ray}]
                """,
            "- {name: ray-logs, emptyDir: {}}",
            EMPTY_DIR + "ray-logs <- /tmp/ray"),
        ok("two Ray containers with their own volumes",
            RAY_HEAD + """
                  volumeMounts: [{name: a, mountPath: /tmp/ray}]
                - name: second
                  image: rayproject/ray
                  args: ["ray start --block"]
                  volumeMounts: [{name: b, mountPath: /tmp/ray}]
                """,
            "- {name: a, emptyDir: {}}\n- {name: b, hostPath: {path: /srv/b}}",
            EMPTY_DIR + "a <- /tmp/ray", "/srv/b <- /tmp/ray"),
        ok("RAY_LOG_TO_STDERR=1 without a volume: the container log only",
            RAY_HEAD + "  env: [{name: RAY_LOG_TO_STDERR, value: \"1\"}]",
            "[]",
            "/var/log/pods/ml_raycluster-logs-head-x2k9d_" + UID + "/ray-head <- container log"),
        ok("RAY_LOG_TO_STDERR=1 with a volume: both",
            RAY_HEAD + "  env: [{name: RAY_LOG_TO_STDERR, value: \"1\"}]\n"
                + "  volumeMounts: [{name: ray-logs, mountPath: /tmp/ray}]",
            "- {name: ray-logs, emptyDir: {}}",
            "/var/log/pods/ml_raycluster-logs-head-x2k9d_" + UID + "/ray-head <- container log",
            EMPTY_DIR + "ray-logs <- /tmp/ray"),
        Arguments.of(new Case("host paths seen under /host",
            pod(RAY_HEAD + "  volumeMounts: [{name: ray-logs, mountPath: /tmp/ray}]", "- {name: ray-logs, emptyDir: {}}"),
            new KubernetesPaths(Path.of("/var/lib/kubelet"), Path.of("/var/log/pods"), "/host"),
            List.of("/host" + EMPTY_DIR + "ray-logs <- /tmp/ray"), List.of())),
        Arguments.of(new Case("a kubelet root elsewhere",
            pod(RAY_HEAD + "  volumeMounts: [{name: ray-logs, mountPath: /tmp/ray}]", "- {name: ray-logs, emptyDir: {}}"),
            new KubernetesPaths(Path.of("/data/kubelet"), Path.of("/var/log/pods"), ""),
            List.of("/data/kubelet/pods/" + UID + "/volumes/kubernetes.io~empty-dir/ray-logs <- /tmp/ray"), List.of())),
        bad("no volume: logs in the container's own filesystem", RAY_HEAD, "[]", UnreadableReason.NO_VOLUME),
        bad("a volume elsewhere only",
            RAY_HEAD + "  volumeMounts: [{name: shm, mountPath: /dev/shm}]",
            "- {name: shm, emptyDir: {medium: Memory}}", UnreadableReason.NO_VOLUME),
        bad("a persistentVolumeClaim",
            RAY_HEAD + "  volumeMounts: [{name: data, mountPath: /tmp/ray}]",
            "- {name: data, persistentVolumeClaim: {claimName: ray-logs}}", UnreadableReason.UNSUPPORTED_VOLUME),
        // Volume and mount types raylog does not know: reported with the fix, never a crash, never read by guess.
        bad("a csi volume",
            RAY_HEAD + "  volumeMounts: [{name: data, mountPath: /tmp/ray}]",
            "- {name: data, csi: {driver: example.com/disk}}", UnreadableReason.UNSUPPORTED_VOLUME),
        bad("a generic ephemeral volume",
            RAY_HEAD + "  volumeMounts: [{name: data, mountPath: /tmp/ray}]",
            "- {name: data, ephemeral: {volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce]}}}}",
            UnreadableReason.UNSUPPORTED_VOLUME),
        bad("a volume type from a newer Kubernetes than raylog's model",
            RAY_HEAD + "  volumeMounts: [{name: data, mountPath: /tmp/ray}]",
            "- {name: data, futureVolume: {size: 1Gi}}", UnreadableReason.UNSUPPORTED_VOLUME),
        bad("a mount of a volume the pod does not declare",
            RAY_HEAD + "  volumeMounts: [{name: missing, mountPath: /tmp/ray}]",
            "[]", UnreadableReason.UNSUPPORTED_VOLUME),
        ok("mount fields raylog does not use (propagation, read-only modes, a newer field)",
            RAY_HEAD + "  volumeMounts: [{name: ray-logs, mountPath: /tmp/ray, mountPropagation: HostToContainer,"
                + " readOnly: false, recursiveReadOnly: Disabled, futureMountField: x}]",
            "- name: ray-logs\n  emptyDir: {}",
            EMPTY_DIR + "ray-logs <- /tmp/ray"),
        bad("subPathExpr from a ConfigMap, unknown to raylog",
            RAY_HEAD + """
                  env: [{name: DIR, valueFrom: {configMapKeyRef: {name: cm, key: dir}}}]
                  volumeMounts: [{name: logs, mountPath: /tmp/ray, subPathExpr: "$(DIR)"}]
                """,
            "- {name: logs, hostPath: {path: /var/log/ray}}", UnreadableReason.INVALID_SUB_PATH),
        bad("a subPath that leaves the volume",
            RAY_HEAD + "  volumeMounts: [{name: logs, mountPath: /tmp/ray, subPath: ../etc}]",
            "- {name: logs, hostPath: {path: /var/log/ray}}", UnreadableReason.INVALID_SUB_PATH),
        Arguments.of(new Case("not a Ray pod",
            pod("- {name: web, image: nginx, volumeMounts: [{name: t, mountPath: /tmp}]}", "- {name: t, emptyDir: {}}"),
            NODE, List.of(), List.of())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void resolvesEachRayContainer(Case c) {
    PodResolution resolution = new PodResolver(c.paths()).resolve(c.pod());

    assertThat(resolution.roots()).extracting(PodResolverTest::shown).containsExactlyElementsOf(c.roots());
    assertThat(resolution.problems()).extracting(PodProblem::reason).containsExactlyElementsOf(c.problems());
    assertThat(resolution.problems()).allSatisfy(p -> assertThat(p.describe()).contains("fix: ").contains(p.container()));
    assertThat(resolution.isRayPod()).isEqualTo(!c.roots().isEmpty() || !c.problems().isEmpty());
  }

  private static String shown(PodRootSpec root) {
    return root.hostDir() + " <- " + (root.layout() == Layout.CONTAINER_LOGS ? "container log" : root.containerDir());
  }

  private static Arguments ok(String name, String containers, String volumes, String... roots) {
    return Arguments.of(new Case(name, pod(containers, volumes), NODE, List.of(roots), List.of()));
  }

  private static Arguments ok(String name, Pod pod, KubernetesPaths paths, String... roots) {
    return Arguments.of(new Case(name, pod, paths, List.of(roots), List.of()));
  }

  private static Arguments bad(String name, String containers, String volumes, UnreadableReason reason) {
    return Arguments.of(new Case(name, pod(containers, volumes), NODE, List.of(), List.of(reason)));
  }
}
