package io.raylog.tail;

import static io.raylog.tail.TailHarness.append;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A path that cannot be read is reported once while it stays so, and again if it recovers and fails again. (Root
 * reads everything, so the unreadable path here is a root replaced by a file: the same reporting as EACCES, which
 * UnreadableFilesIT exercises as an unprivileged user.)
 */
class UnreadablePathsTest {
  @TempDir Path dir;

  @Test
  void anUnreadableRootIsReportedOncePerSpellAndItsFilesAreReadWhenItRecovers() throws Exception {
    Path root = dir.resolve("ray");
    Files.writeString(root, "not a directory");
    TailHarness h = new TailHarness(root);
    h.settle();
    h.settle();
    assertThat(h.openFailures).as("reported once, not at every scan").isEqualTo(1);

    Files.delete(root);
    append(h.logs().resolve("raylet.out"), "back\n");
    h.settle();
    assertThat(h.messages()).containsExactly("back");

    new ProcessBuilder("rm", "-rf", root.toString()).start().waitFor();
    Files.writeString(root, "not a directory again");
    h.settle();
    assertThat(h.openFailures).as("a new spell of unreadability is reported again").isEqualTo(2);
  }
}
