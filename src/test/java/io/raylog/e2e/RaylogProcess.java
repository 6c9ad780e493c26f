package io.raylog.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The built jar, run as a separate process, as users run it. */
final class RaylogProcess implements AutoCloseable {
  private final Process process;
  private final Path stderr;
  private final Path stdout;

  private RaylogProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static Path jar() {
    String jar = System.getProperty("raylog.jar");
    if (jar == null) {
      throw new IllegalStateException("run end-to-end tests through `mvn verify`, which builds the jar and passes -Draylog.jar");
    }
    return Path.of(jar);
  }

  /** Runs {@code raylog args…} with its output in files under {@code workDir}. */
  static RaylogProcess start(Path workDir, String... args) throws IOException {
    return start(workDir, java.util.Map.of(), args);
  }

  /** Runs {@code raylog args…} with extra environment variables (e.g. {@code KUBECONFIG}). */
  static RaylogProcess start(Path workDir, java.util.Map<String, String> env, String... args) throws IOException {
    return start(workDir, env, List.of(), args);
  }

  /**
   * Runs {@code raylog args…} behind a command prefix, e.g. {@code setpriv --reuid=65534 …} to run it as an
   * unprivileged user, for whom file permissions apply (they do not apply to root).
   */
  static RaylogProcess start(Path workDir, java.util.Map<String, String> env, List<String> prefix, String... args)
      throws IOException {
    return start(workDir, env, prefix, List.of("-Xmx256m"), args);
  }

  /** With the JVM of the container image: the options of {@code collector/jvm.options}, as the image runs it. */
  static RaylogProcess startAsInImage(Path workDir, String... args) throws IOException {
    return startAsInImage(workDir, java.util.Map.of(), List.of(), args);
  }

  /**
   * With the JVM of the container image, extra environment variables and a command prefix, e.g. {@code bash -c
   * 'ulimit -n 16384 && exec "$@"' bash} for a descriptor limit lower than the machine's.
   */
  static RaylogProcess startAsInImage(Path workDir, java.util.Map<String, String> env, List<String> prefix,
      String... args) throws IOException {
    String options = "@" + Path.of("collector/jvm.options").toAbsolutePath();
    return start(workDir, env, prefix, List.of(options), args);
  }

  private static RaylogProcess start(Path workDir, java.util.Map<String, String> env, List<String> prefix,
      List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar().toString()));
    command.addAll(List.of(args));
    // Outputs go to the build's own folder, never into the working directory (which may be the repository).
    Path outputs = Files.createDirectories(Path.of(System.getProperty("raylog.processOutputs", "target/process-outputs")));
    Path out = Files.createTempFile(outputs, "raylog-", ".stdout");
    Path err = Files.createTempFile(outputs, "raylog-", ".stderr");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    Process process = builder
        .directory(workDir.toFile())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    return new RaylogProcess(process, out, err);
  }

  /** Runs a command to completion; its exit code and outputs are then on the returned process. */
  static RaylogProcess runToEnd(Path workDir, String... args) throws Exception {
    return runToEnd(workDir, java.util.Map.of(), args);
  }

  /** Runs a command to completion with extra environment variables. */
  static RaylogProcess runToEnd(Path workDir, java.util.Map<String, String> env, String... args) throws Exception {
    RaylogProcess run = start(workDir, env, args);
    if (!run.process.waitFor(60, TimeUnit.SECONDS)) {
      run.kill();
      throw new AssertionError("raylog " + String.join(" ", args) + " did not finish");
    }
    return run;
  }

  int exitCode() {
    return process.exitValue();
  }

  Path stdout() {
    return stdout;
  }

  String stderrText() throws IOException {
    return Files.readString(stderr);
  }

  String stdoutText() throws IOException {
    return Files.readString(stdout);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** SIGTERM, then waits for the drain; returns the exit code. */
  int terminate(long timeoutSeconds) throws Exception {
    process.destroy();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      kill();
      throw new AssertionError("raylog did not exit within " + timeoutSeconds + " s of SIGTERM:\n" + stderrText());
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook, no drain, no final checkpoint. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
