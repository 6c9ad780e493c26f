package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.deploy.Manifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * No Docker engine runs here, so the image recipe is checked by what can run: every file it copies exists after the
 * build, its training step produces a class-data-sharing archive with the built jar, and its entry point (the same
 * JVM options, that archive) validates the default configuration and starts.
 */
class CollectorImageIT {
  private static final Path DOCKERFILE = Path.of("collector/Dockerfile");

  @TempDir Path dir;

  @Test
  void everyCopiedPathExists() throws Exception {
    Matcher copy = Pattern.compile("(?m)^COPY (\\S+) (\\S+)$").matcher(Files.readString(DOCKERFILE));
    List<String> sources = new ArrayList<>();
    while (copy.find()) {
      sources.add(copy.group(1));
    }
    assertThat(sources).contains("target/raylog.jar", "collector/jvm.options", "collector/raylog.yaml");
    assertThat(sources).allSatisfy(source -> assertThat(Path.of(source)).exists());
  }

  @Test
  void theEntryPointRunsTheJarWithTheTrainedArchiveAndTheDefaultConfigurationIsValid() throws Exception {
    String dockerfile = Files.readString(DOCKERFILE);
    assertThat(dockerfile).contains("ENTRYPOINT [\"java\", \"@/etc/raylog/jvm.options\", "
        + "\"-XX:SharedArchiveFile=/opt/raylog/raylog.jsa\", \"-jar\", \"/opt/raylog/raylog.jar\"]");
    assertThat(dockerfile).contains("CMD [\"run\", \"--config\", \"/etc/raylog/raylog.yaml\"]");

    // The training step, with the image's paths mapped into a temp dir.
    Path training = dir.resolve("raylog-training");
    Files.createDirectories(training);
    assertThat(new ProcessBuilder("cp", "-a", "test-fixtures/ray", training.resolve("ray").toString()).start().waitFor()).isZero();
    Path trainingConfig = training.resolve("training.yaml");
    Files.writeString(trainingConfig, Files.readString(Path.of("collector/training.yaml")).replace("/tmp/raylog-training", training.toString()));
    Path archive = dir.resolve("raylog.jsa");
    Process train = java(List.of("-XX:ArchiveClassesAtExit=" + archive), "run", "--config", trainingConfig.toString());
    Thread.sleep(4000); // the image's step runs for a fixed time too, under `timeout`
    train.destroy();
    assertThat(train.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(archive).isNotEmptyFile();
    assertThat(training.resolve("records.ndjson")).isNotEmptyFile();

    Process validate = java(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on"), "validate", "--config",
        "collector/raylog.yaml");
    assertThat(validate.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(validate.exitValue()).as("validate with -Xshare:on (fails if the archive cannot be used)").isZero();
  }

  @Test
  void theDaemonSetRunsTheEntryPointWithItsConfigMapWithoutHidingTheImagesFiles() throws Exception {
    String dockerfile = Files.readString(DOCKERFILE);
    assertThat(dockerfile).containsPattern("(?m)^FROM \\S+-jre\\b").containsPattern("(?m)^USER 10001:10001$");
    JsonNode pod = Manifests.kind(Manifests.daemonsetYaml(), "DaemonSet").get("spec").get("template").get("spec");
    JsonNode container = pod.get("containers").get(0);
    assertThat(container.has("command")).as("the image's ENTRYPOINT (JVM options, CDS archive) is kept").isFalse();
    List<String> args = new ArrayList<>();
    container.get("args").forEach(a -> args.add(a.asString()));
    assertThat(args).containsExactly("run", "--config", "/etc/raylog/config/raylog.yaml");
    // No mount may hide what the image put in place.
    List<String> imageFiles = List.of("/etc/raylog/jvm.options", "/opt/raylog/raylog.jar", "/opt/raylog/raylog.jsa");
    container.get("volumeMounts").forEach(mount -> assertThat(imageFiles)
        .noneMatch(file -> file.startsWith(mount.get("mountPath").asString() + "/")));
    assertThat(dockerfile).contains("EXPOSE " + container.get("ports").get(0).get("containerPort").asInt());

    // The entry point's command with the DaemonSet's args, and the ConfigMap's file where the mount puts it.
    Path config = Files.writeString(dir.resolve("raylog.yaml"), Manifests.loadable(Manifests.config(Manifests.daemonsetYaml())));
    Process validate = java(List.of(), "validate", "--config", config.toString());
    assertThat(validate.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(validate.exitValue()).isZero();
  }

  private Process java(List<String> jvmOptions, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("@collector/jvm.options");
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", RaylogProcess.jar().toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("java-" + System.nanoTime() + ".log").toFile()).start();
  }
}
