package io.raylog.tail;

import static io.raylog.tail.TailHarness.SECOND;
import static io.raylog.tail.TailHarness.append;
import static io.raylog.tail.TailHarness.expected;
import static io.raylog.tail.TailHarness.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.checkpoint.FileCheckpoint;
import io.raylog.record.FileKey;
import io.raylog.record.Fingerprint;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copy-truncate rotation ({@code x.log} copied to {@code x.log.1}, then truncated): the copy continues where the
 * truncated content's acknowledgements stood, so nothing is lost and nothing already shipped is shipped again.
 */
class CopyTruncateTest {
  @TempDir Path root;

  /** Longer than a fingerprint, so that the copy can be recognised. */
  private static final int READ = 200;

  private static void truncate(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(0);
    }
  }

  /** A file of the harness's session with its first {@code READ} lines written and read. */
  private static Path read(TailHarness h, String name) throws IOException {
    Path file = h.logs().resolve(name);
    append(file, lines("line-x-", 0, READ));
    h.settle();
    return file;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }

  @Test
  void aCopySeenAfterTheTruncationContinuesWhereTheContentWasAcknowledged() throws Exception {
    TailHarness h = new TailHarness(root);
    Path file = read(h, "monitor.log");
    append(file, lines("line-x-", READ, READ + 10)); // written, not read yet when the rotation comes
    Files.copy(file, file.resolveSibling("monitor.log.1"));
    truncate(file);
    append(file, lines("y", 0, 5));
    h.settle();
    assertThat(h.messagesOf("monitor.log.1")).as("only what the original had not shipped")
        .containsExactlyElementsOf(expected("line-x-", READ, READ + 10));
    assertThat(h.messages()).containsExactlyInAnyOrderElementsOf(concat(expected("line-x-", 0, READ + 10), expected("y", 0, 5)));
  }

  @Test
  void aCopyReadToItsEndAlreadyIsJournaledBeforeAnyAcknowledgementOfItsOwn() throws Exception {
    TailHarness h = new TailHarness(root);
    Path file = read(h, "monitor.log");
    h.tailer.changedCheckpoints(); // what the journal has so far
    Files.copy(file, file.resolveSibling("monitor.log.1"));
    truncate(file);
    h.settle();
    // The copy's whole content was shipped from the original: no record of its own will ever be acknowledged, yet a
    // restart must not read it from its start.
    Path copy = file.resolveSibling("monitor.log.1");
    FileKey copyKey = FileKey.of(copy);
    long copySize = Files.size(copy);
    assertThat(h.tailer.changedCheckpoints()).filteredOn(c -> c.key().equals(copyKey))
        .singleElement().satisfies(c -> assertThat(c.offset()).isEqualTo(copySize));
  }

  @Test
  void aCopySeenBeforeTheTruncationIsHeldUntilItShows() throws Exception {
    TailHarness h = new TailHarness(root);
    Path file = read(h, "monitor.log");
    Files.copy(file, file.resolveSibling("monitor.log.1"));
    h.tailer.step(); // finds the copy; its original is not truncated yet
    assertThat(h.messagesOf("monitor.log.1")).isEmpty();
    truncate(file);
    append(file, lines("y", 0, 5));
    h.settle();
    assertThat(h.messagesOf("monitor.log.1")).isEmpty();
    assertThat(h.messages()).containsExactlyElementsOf(concat(expected("line-x-", 0, READ), expected("y", 0, 5)));
  }

  @Test
  void aFileThatOnlyBeginsLikeAnotherIsReadWholeAfterAMoment() throws Exception {
    TailHarness h = new TailHarness(root);
    Path file = read(h, "worker-a.out");
    Path twin = file.resolveSibling("worker-b.out");
    append(twin, lines("line-x-", 0, READ) + lines("b", 0, 3)); // the same first kilobyte, another file
    h.settle();
    h.advance(3 * SECOND);
    h.settle();
    assertThat(h.messagesOf("worker-b.out")).containsExactlyElementsOf(concat(expected("line-x-", 0, READ), expected("b", 0, 3)));
  }

  @Test
  void aCopyMadeWhileRaylogWasDownContinuesFromTheCheckpoint() throws Exception {
    Path logs = java.nio.file.Files.createDirectories(root.resolve(TailHarness.SESSION).resolve("logs"));
    Path file = logs.resolve("monitor.log");
    append(file, lines("line-x-", 0, READ));
    long checkpointed = Files.size(file);
    FileKey key = FileKey.of(file);
    Fingerprint fingerprint;
    try (FileChannel channel = FileChannel.open(file)) {
      fingerprint = Fingerprint.read(channel);
    }
    // while raylog is down: more lines, the copy, the truncation, new lines
    append(file, lines("line-x-", READ, READ + 10));
    Files.copy(file, file.resolveSibling("monitor.log.1"));
    truncate(file);
    append(file, lines("y", 0, 5));
    TailHarness h = new TailHarness(root, TailHarness.settings(),
        Map.of(key, new FileCheckpoint(key, fingerprint, checkpointed, file.toString())), false, 1 << 20);
    h.settle();
    assertThat(h.messagesOf("monitor.log.1")).containsExactlyElementsOf(expected("line-x-", READ, READ + 10));
    assertThat(h.messagesOf("monitor.log")).containsExactlyElementsOf(expected("y", 0, 5));
  }

  @Test
  void aFileStartedSmallThenCopyTruncatedAndRefilledBeforeRaylogLooksLosesNothing() throws Exception {
    TailHarness h = new TailHarness(root);
    h.logs();
    h.settle(); // the first scan is done: files from now on are new
    Path file = h.logs().resolve("runtime_env_agent.log");
    append(file, lines("line-a-", 0, 5)); // under a kilobyte
    h.settle();
    append(file, lines("line-a-", 5, 80));
    h.settle();
    append(file, lines("line-a-", 80, 300));
    Files.copy(file, file.resolveSibling("runtime_env_agent.log.1"));
    truncate(file);
    append(file, lines("line-b-", 0, 3000)); // refilled far past what was read
    h.settle();
    assertThat(h.messages()).containsAll(concat(expected("line-a-", 0, 300), expected("line-b-", 0, 3000)));
  }
}
