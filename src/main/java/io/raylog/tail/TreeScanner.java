package io.raylog.tail;

import io.raylog.record.FileKey;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * Walks roots for the regular files under every {@code session_*&#47;logs/}, recursively. Symlinks are never
 * followed (so {@code session_latest} and links out of the roots or in loops are skipped), and sockets, pipes and
 * devices are skipped. One {@code lstat} per entry: the (device, inode) key comes from the same attributes. A
 * directory that cannot be read is reported and skipped; the walk goes on. Stateless apart from its reporting.
 */
public final class TreeScanner {
  private static final int MAX_DEPTH = 16;

  /** Reports directories that cannot be read. */
  public interface Problems {
    void unreadable(Path path, IOException error);
  }

  private final Problems problems;

  public TreeScanner(Problems problems) {
    this.problems = problems;
  }

  /** The session directories of a root that have a {@code logs/} folder. */
  public List<SessionDir> sessions(TailRoot root) {
    List<SessionDir> sessions = new ArrayList<>();
    if (root.layout() == TailRoot.Layout.CONTAINER_LOGS) {
      // A kubelet container log dir has no sessions: its files are the logs.
      if (Files.isDirectory(root.hostDir(), LinkOption.NOFOLLOW_LINKS)) {
        sessions.add(new SessionDir(root, "", root.hostDir()));
      }
      return sessions;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root.hostDir(), "session_*")) {
      for (Path entry : entries) {
        Path logs = entry.resolve("logs");
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && Files.isDirectory(logs, LinkOption.NOFOLLOW_LINKS)) {
          sessions.add(new SessionDir(root, entry.getFileName().toString(), logs));
        }
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // A root that does not exist yet (Ray has not started): nothing to read, not a problem.
    } catch (IOException e) {
      problems.unreadable(root.hostDir(), e);
    }
    return sessions;
  }

  /** Every regular file under {@code start} (a session's logs dir or a folder in it); calls back each directory. */
  public void walk(SessionDir session, Path start, Consumer<FoundFile> files, Consumer<Path> directories) {
    try {
      Files.walkFileTree(
          start,
          EnumSet.noneOf(java.nio.file.FileVisitOption.class),
          MAX_DEPTH,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
              directories.accept(dir);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
              if (attributes.isRegularFile()) {
                report(session, file, attributes, files);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException error) {
              if (!(error instanceof java.nio.file.NoSuchFileException)) {
                problems.unreadable(file, error);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      problems.unreadable(start, e);
    }
  }

  /**
   * The regular files directly in {@code dir} (after a filesystem event there); each subdirectory goes to
   * {@code subdirectories}, to be walked if it is new.
   */
  public void list(SessionDir session, Path dir, Consumer<FoundFile> files, Consumer<Path> subdirectories) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
          continue; // vanished between the listing and the stat: the next scan decides
        }
        if (attributes.isRegularFile()) {
          report(session, entry, attributes, files);
        } else if (attributes.isDirectory()) {
          subdirectories.accept(entry);
        }
      }
    } catch (java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException e) {
      // The directory itself went away, or it or an ancestor was replaced by a file: the next full scan notices
      // what that means for its files (and reports a root that is no longer a directory, once).
    } catch (IOException e) {
      problems.unreadable(dir, e);
    }
  }

  /** {@code file}, a regular file under {@code session} whose attributes were just read (after an event). */
  public void found(SessionDir session, Path file, BasicFileAttributes attributes, Consumer<FoundFile> files) {
    report(session, file, attributes, files);
  }

  private static void report(SessionDir session, Path file, BasicFileAttributes attributes, Consumer<FoundFile> files) {
    if (session.root().layout() == TailRoot.Layout.CONTAINER_LOGS && !ContainerLogNames.isReadable(file)) {
      return;
    }
    FileKey key = keyOf(file, attributes);
    if (key != null) {
      files.accept(new FoundFile(file, key, attributes.size(), session));
    }
  }

  /**
   * The key from the attributes already read (Linux: {@code (dev=…,ino=…)}, parsed by hand: the backstop scan does
   * this for every file), else one more stat.
   */
  static FileKey keyOf(Path file, BasicFileAttributes attributes) {
    Object fileKey = attributes.fileKey();
    if (fileKey != null) {
      FileKey parsed = parseUnixKey(fileKey.toString());
      if (parsed != null) {
        return parsed;
      }
    }
    try {
      return FileKey.of(file);
    } catch (IOException e) {
      return null; // vanished between the listing and the stat: the next scan decides
    }
  }

  /** {@code (dev=<hex>,ino=<decimal>)}, or null when the text is not that. */
  public static FileKey parseUnixKey(String text) {
    int dev = text.startsWith("(dev=") ? 5 : -1;
    int comma = text.indexOf(",ino=");
    if (dev < 0 || comma <= dev || !text.endsWith(")")) {
      return null;
    }
    try {
      return new FileKey(Long.parseLong(text, dev, comma, 16), Long.parseLong(text, comma + 5, text.length() - 1, 10));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
