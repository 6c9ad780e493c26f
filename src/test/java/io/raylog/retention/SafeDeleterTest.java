package io.raylog.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.record.FileKey;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files: what is deleted, and what is left alone however the tree is arranged. */
class SafeDeleterTest {
  @TempDir Path dir;
  final SafeDeleter deleter = new SafeDeleter();

  @Test
  void deletesTheFileItCheckedWhenItIsTheSameFileWithTheSizeExpected() throws Exception {
    Path root = dir.resolve("ray");
    Path file = write(root.resolve("session_1/logs/raylet.out.1"), "abc\n");
    FileKey key = FileKey.of(file);

    assertThat(deleter.deleteFile(root, file, key, size -> size == 5)).isEqualTo(SafeDeleter.Outcome.CHANGED);
    assertThat(file).exists();
    assertThat(deleter.deleteFile(root, file, new FileKey(key.device(), key.inode() + 1), size -> true))
        .isEqualTo(SafeDeleter.Outcome.CHANGED);
    assertThat(file).exists();
    assertThat(deleter.deleteFile(root, file, key, size -> size == 4)).isEqualTo(SafeDeleter.Outcome.DELETED);
    assertThat(file).doesNotExist();
    assertThat(deleter.deleteFile(root, file, key, size -> true)).isEqualTo(SafeDeleter.Outcome.GONE);
  }

  @Test
  void neverDeletesThroughASymlinkedDirectoryNorOutsideTheRoot() throws Exception {
    Path root = dir.resolve("ray");
    Path outside = write(dir.resolve("outside/logs/raylet.out.1"), "precious\n");
    FileKey key = FileKey.of(outside);
    Files.createDirectories(root.resolve("session_1"));
    Files.createSymbolicLink(root.resolve("session_1/logs"), dir.resolve("outside/logs"));
    Path throughLink = root.resolve("session_1/logs/raylet.out.1");

    assertThat(deleter.deleteFile(root, throughLink, key, size -> true)).isEqualTo(SafeDeleter.Outcome.REFUSED);
    assertThat(deleter.deleteFile(root, root.resolve("../outside/logs/raylet.out.1"), key, size -> true))
        .isEqualTo(SafeDeleter.Outcome.REFUSED);
    assertThat(deleter.deleteFile(root, outside, key, size -> true)).isEqualTo(SafeDeleter.Outcome.REFUSED);
    assertThat(outside).exists();
  }

  @Test
  void aSymlinkRootIsRefused() throws Exception {
    Path real = write(dir.resolve("real/session_1/logs/a.log.1"), "x\n");
    Path root = Files.createSymbolicLink(dir.resolve("ray"), dir.resolve("real"));
    assertThat(deleter.deleteFile(root, root.resolve("session_1/logs/a.log.1"), FileKey.of(real), size -> true))
        .isEqualTo(SafeDeleter.Outcome.REFUSED);
    assertThat(deleter.deleteTree(root, root.resolve("session_1"))).isNull();
    assertThat(real).exists();
  }

  @Test
  void deletesATreeDeletingItsSymlinksAsLinksNotWhatTheyPointTo() throws Exception {
    Path root = dir.resolve("ray");
    Path outsideFile = write(dir.resolve("outside/precious.txt"), "keep me\n");
    Path session = root.resolve("session_1");
    write(session.resolve("logs/raylet.out"), "12345\n");
    write(session.resolve("logs/old/worker.err"), "123\n");
    Files.createDirectories(session.resolve("sockets"));
    Files.createSymbolicLink(session.resolve("logs/link-to-file"), outsideFile);
    Files.createSymbolicLink(session.resolve("logs/link-to-dir"), dir.resolve("outside"));

    SafeDeleter.Freed freed = deleter.deleteTree(root, session);

    assertThat(freed).isEqualTo(new SafeDeleter.Freed(2, 10));
    assertThat(session).doesNotExist();
    assertThat(outsideFile).hasContent("keep me");
    assertThat(root).exists();
  }

  @Test
  void aSessionThatIsASymlinkIsNotATree() throws Exception {
    Path root = Files.createDirectories(dir.resolve("ray"));
    Path outside = write(dir.resolve("outside/logs/raylet.out"), "x\n");
    Files.createSymbolicLink(root.resolve("session_2"), dir.resolve("outside"));
    assertThat(deleter.deleteTree(root, root.resolve("session_2"))).isNull();
    assertThat(outside).exists();
    assertThat(Files.isSymbolicLink(root.resolve("session_2"))).isTrue();
    assertThat(Files.exists(root.resolve("session_2"), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  static Path write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
