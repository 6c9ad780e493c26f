package io.raylog.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * An external program a test needs (Debian's prometheus, chromium). Missing, the test is skipped with a clear
 * message on a developer's machine, but fails when {@code RAYLOG_REQUIRE_TOOLS} is set, as CI sets it (.ci/run
 * installs the packages), so CI can never pass by silently skipping.
 */
final class RequiredTool {
  static final String REQUIRE_VARIABLE = "RAYLOG_REQUIRE_TOOLS";

  private RequiredTool() {}

  /** The program's path on PATH; skips or fails the test when it is not installed. */
  static Path find(String program, String debianPackage) {
    String pathVariable = System.getenv().getOrDefault("PATH", "");
    for (String dir : pathVariable.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return unavailable(program + " is not installed (apt-get install -y " + debianPackage + "; .ci/run does it)");
  }

  /** Skips or fails the test (as for a missing program) because something it needs is not permitted here. */
  static Path unavailable(String message) {
    String required = System.getenv(REQUIRE_VARIABLE);
    if (required != null && !required.isEmpty()) {
      Assertions.fail(message + ", and " + REQUIRE_VARIABLE + " is set, so this test may not be skipped");
    }
    Assumptions.abort(message + ": skipping. Set " + REQUIRE_VARIABLE + "=1 to make this a failure.");
    throw new AssertionError("unreachable");
  }
}
