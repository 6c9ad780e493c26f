package io.raylog.retention;

import io.raylog.record.FileKey;
import io.raylog.tail.TreeScanner;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Deletes below a root without ever following a symlink, even one swapped in while it works: it descends from the root
 * one directory at a time through {@link SecureDirectoryStream} ({@code openat} with {@code O_NOFOLLOW}, then
 * {@code unlinkat}), so a directory on the way that is (or becomes) a symlink stops it, and the file it checks is the
 * file it deletes. Where the platform has no secure directory streams, nothing is deleted.
 *
 * <p>Thread-safety: stateless; any thread.
 */
final class SafeDeleter {

  /** What became of one deletion. */
  enum Outcome {
    DELETED,
    /** Not the file decided on any more (another file at its path, or it grew): left alone. */
    CHANGED,
    GONE,
    /** Outside the root, through a symlink, or no secure directory streams: left alone. */
    REFUSED
  }

  /**
   * Deletes the regular file {@code file} below {@code root} if it is still {@code key} and {@code sizeOk} accepts its
   * size, read after it was reached.
   */
  Outcome deleteFile(Path root, Path file, FileKey key, LongPredicate sizeOk) throws IOException {
    Path relative = relativeBelow(root, file);
    if (relative == null || relative.getNameCount() < 2) {
      return Outcome.REFUSED;
    }
    List<SecureDirectoryStream<Path>> opened = new ArrayList<>();
    try {
      SecureDirectoryStream<Path> dir = open(root, relative.getParent(), opened);
      if (dir == null) {
        return Outcome.REFUSED;
      }
      Path name = relative.getFileName();
      BasicFileAttributes attributes;
      try {
        attributes = dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .readAttributes();
      } catch (NoSuchFileException e) {
        return Outcome.GONE;
      }
      if (!attributes.isRegularFile() || !key.equals(keyOf(attributes))) {
        return Outcome.CHANGED;
      }
      if (!sizeOk.test(attributes.size())) {
        return Outcome.CHANGED;
      }
      try {
        dir.deleteFile(name);
      } catch (NoSuchFileException e) {
        return Outcome.GONE;
      }
      return Outcome.DELETED;
    } catch (NoSuchFileException e) {
      return Outcome.GONE;
    } catch (java.nio.file.FileSystemException e) {
      if (isSymlinkLoop(e)) {
        return Outcome.REFUSED; // a directory on the way is a symlink
      }
      throw e;
    } finally {
      closeAll(opened);
    }
  }

  /** What a tree's deletion freed: regular files and their bytes. */
  record Freed(int files, long bytes) {
    static final Freed NOTHING = new Freed(0, 0);

    Freed plus(Freed other) {
      return new Freed(files + other.files, bytes + other.bytes);
    }
  }

  /**
   * Deletes the directory {@code dir} below {@code root} and everything in it; symlinks in it are deleted as links,
   * never followed.
   *
   * @return what was freed, or null when refused (outside the root, a symlink, or no secure directory streams)
   */
  Freed deleteTree(Path root, Path dir) throws IOException {
    Path relative = relativeBelow(root, dir);
    if (relative == null || relative.getNameCount() < 1) {
      return null;
    }
    List<SecureDirectoryStream<Path>> opened = new ArrayList<>();
    try {
      SecureDirectoryStream<Path> parent = open(root, relative.getParent(), opened);
      if (parent == null) {
        return null;
      }
      Path name = relative.getFileName();
      BasicFileAttributes attributes =
          parent.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
      if (!attributes.isDirectory()) {
        return null;
      }
      Freed freed = empty(parent, name, 0);
      parent.deleteDirectory(name);
      return freed;
    } catch (NoSuchFileException e) {
      return Freed.NOTHING;
    } catch (java.nio.file.FileSystemException e) {
      if (isSymlinkLoop(e)) {
        return null;
      }
      throw e;
    } finally {
      closeAll(opened);
    }
  }

  private static final int MAX_DEPTH = 64;

  /** Deletes what the directory {@code name} of {@code parent} holds; returns its regular files and bytes. */
  private Freed empty(SecureDirectoryStream<Path> parent, Path name, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IOException("more than " + MAX_DEPTH + " directories deep");
    }
    Freed freed = Freed.NOTHING;
    try (SecureDirectoryStream<Path> dir = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
      List<Path> names = new ArrayList<>();
      dir.forEach(entry -> names.add(entry.getFileName()));
      for (Path child : names) {
        BasicFileAttributes attributes;
        try {
          attributes =
              dir.getFileAttributeView(child, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
        } catch (NoSuchFileException e) {
          continue;
        }
        if (attributes.isDirectory()) {
          freed = freed.plus(empty(dir, child, depth + 1));
          deleteQuietly(() -> dir.deleteDirectory(child));
        } else {
          deleteQuietly(() -> dir.deleteFile(child)); // a symlink is deleted as a link
          if (attributes.isRegularFile()) {
            freed = freed.plus(new Freed(1, attributes.size()));
          }
        }
      }
    }
    return freed;
  }

  private interface Deletion {
    void run() throws IOException;
  }

  private static void deleteQuietly(Deletion deletion) throws IOException {
    try {
      deletion.run();
    } catch (NoSuchFileException e) {
      // gone meanwhile: what was wanted
    }
  }

  /**
   * {@code path} relative to {@code root}, when it lies below it (lexically, after normalizing; no {@code ..}), else
   * null.
   */
  static Path relativeBelow(Path root, Path path) {
    Path normalRoot = root.toAbsolutePath().normalize();
    Path normalPath = path.toAbsolutePath().normalize();
    if (!normalPath.startsWith(normalRoot) || normalPath.equals(normalRoot)) {
      return null;
    }
    return normalRoot.relativize(normalPath);
  }

  /**
   * Opens the root (which must not itself be a symlink), then each directory of {@code relative} without following
   * links. Null when secure directory streams are unavailable.
   */
  private static SecureDirectoryStream<Path> open(Path root, Path relative, List<SecureDirectoryStream<Path>> opened)
      throws IOException {
    Path normalRoot = root.toAbsolutePath().normalize();
    if (Files.isSymbolicLink(normalRoot) || !Files.isDirectory(normalRoot, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    DirectoryStream<Path> stream = Files.newDirectoryStream(normalRoot);
    if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
      stream.close();
      return null;
    }
    opened.add(secure);
    SecureDirectoryStream<Path> current = secure;
    if (relative != null) {
      for (Path part : relative) {
        current = current.newDirectoryStream(part, LinkOption.NOFOLLOW_LINKS);
        opened.add(current);
      }
    }
    return current;
  }

  private static boolean isSymlinkLoop(java.nio.file.FileSystemException e) {
    String reason = e.getReason();
    return reason != null && (reason.contains("symbolic link") || reason.contains("Not a directory"));
  }

  private static FileKey keyOf(BasicFileAttributes attributes) {
    Object key = attributes.fileKey();
    return key == null ? null : TreeScanner.parseUnixKey(key.toString());
  }

  private static void closeAll(List<SecureDirectoryStream<Path>> opened) {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (IOException ignored) {
        // a directory stream opened for reading: nothing lost
      }
    }
  }
}
