package io.raylog.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium, headless, as a person's browser: it runs the page's script (the virtual time budget lets the
 * page's fetches and first render finish) and gives back the DOM or a screenshot.
 */
final class Chromium {
  private final Path binary;
  private final Path workDir;

  Chromium(Path workDir) {
    this.binary = RequiredTool.find("chromium", "chromium");
    this.workDir = workDir;
  }

  /** The DOM after the page's scripts ran. */
  String dumpDom(String url) throws Exception {
    return run(url, "--dump-dom");
  }

  /** A PNG screenshot of the page at 1280x900. */
  Path screenshot(String url) throws Exception {
    Path png = workDir.resolve("screenshot-" + System.nanoTime() + ".png");
    run(url, "--screenshot=" + png, "--window-size=1280,900");
    return png;
  }

  private String run(String url, String... action) throws Exception {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(workDir, "chromium-profile"),
        "--virtual-time-budget=5000"));
    command.addAll(List.of(action));
    command.add(url);
    Path out = workDir.resolve("chromium-" + System.nanoTime() + ".out");
    Path err = workDir.resolve("chromium-" + System.nanoTime() + ".err");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("chromium did not finish within 90 s: " + Files.readString(err));
    }
    if (process.exitValue() != 0) {
      throw new IOException("chromium exited with " + process.exitValue() + ": " + Files.readString(err));
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
