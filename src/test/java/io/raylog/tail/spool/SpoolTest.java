package io.raylog.tail.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.parse.WorkerContext;
import io.raylog.record.PodMetadata;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool store over real files: copies, reading back, torn copies, the budget, a restart. */
class SpoolTest {
  @TempDir Path temp;

  private final Map<String, Long> dropped = new HashMap<>();
  private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
  private final SpoolEvents events = new SpoolEvents() {
    @Override
    public void dropped(String reason, long bytes) {
      dropped.merge(reason, bytes, Long::sum);
    }
  };

  private Spool spool(long maxBytes) {
    return new Spool(temp.resolve("spool"), maxBytes, events, millis::get);
  }

  private static final PodMetadata POD = PodMetadata.of("ml", "raycluster-worker-x2k9d", "uid-1", "node-1", "ray-worker",
      Map.of("ray.io/cluster", "raycluster"), Map.of(), "raycluster", "worker", "workers", "RayCluster", "raycluster");

  private SpoolHeader header(Spool spool, long base, long expected) {
    return new SpoolHeader(spool.newId(), millis.get(), base, expected, "2049:1234", 1024, 42L,
        "session_2026-11-25_10-00-00_123456_1", "worker-1.out", "/tmp/ray/session_2026-11-25_10-00-00_123456_1/logs/worker-1.out",
        false, "/var/lib/kubelet/pods/uid-1/volumes/kubernetes.io~empty-dir/ray-logs/session/logs/worker-1.out", POD,
        new WorkerContext("01000000", "Trainer", null));
  }

  /** A file of numbered lines, {@code bytes} long at least. */
  private Path original(int lines) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      text.append("line ").append(i).append(" of a Ray worker that is gone\n");
    }
    Path file = temp.resolve("original.log");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private SpoolFile copy(Spool spool, Path original, long base) throws IOException {
    try (FileChannel channel = FileChannel.open(original, StandardOpenOption.READ)) {
      spool.makeRoom(channel.size() - base);
      return spool.copy(channel, header(spool, base, channel.size() - base));
    }
  }

  private static byte[] readAll(SpoolFile file, long from) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) (file.endOffset() - from));
    long at = from;
    while (buffer.hasRemaining()) {
      int got = file.read(buffer, at);
      assertThat(got).isPositive();
      at += got;
    }
    return buffer.array();
  }

  private static byte[] bytesOf(Path file, long from, long to) throws IOException {
    byte[] all = Files.readAllBytes(file);
    return java.util.Arrays.copyOfRange(all, (int) from, (int) to);
  }

  @Test
  void aCopyReadsBackAtTheOriginalsOffsetsAcrossFrames() throws IOException {
    Path original = original(60_000); // ~2.3 MiB: three frames
    long size = Files.size(original);
    Spool spool = spool(1L << 30);
    SpoolFile copy = copy(spool, original, 1000);

    assertThat(copy.baseOffset()).isEqualTo(1000);
    assertThat(copy.endOffset()).isEqualTo(size);
    assertThat(copy.path().getFileName().toString()).endsWith(".spool");
    assertThat(readAll(copy, 1000)).isEqualTo(bytesOf(original, 1000, size));
    assertThat(readAll(copy, 1_500_000)).as("from the middle of a frame, on into the next")
        .isEqualTo(bytesOf(original, 1_500_000, size));
    assertThat(spool.usage()).isEqualTo(new SpoolUsage(size - 1000, 1, millis.get(), 1L << 30));
    copy.closeReader();
  }

  @Test
  void aRestartReadsEveryCopyBackWithItsHeader() throws IOException {
    Path original = original(1000);
    Spool spool = spool(1L << 30);
    SpoolFile written = copy(spool, original, 37);

    List<SpoolFile> loaded = spool(1L << 30).load();

    assertThat(loaded).hasSize(1);
    SpoolFile copy = loaded.get(0);
    assertThat(copy.header()).usingRecursiveComparison().ignoringFields("pod").isEqualTo(written.header());
    assertThat(copy.header().pod()).isEqualTo(POD);
    assertThat(copy.header().context()).isEqualTo(new WorkerContext("01000000", "Trainer", null));
    assertThat(readAll(copy, 37)).isEqualTo(bytesOf(original, 37, Files.size(original)));
    assertThat(dropped).isEmpty();
    copy.closeReader();
  }

  @Test
  void idsGrowAcrossRestartsEvenWhenTheClockDoesNot() throws IOException {
    Path original = original(10);
    Spool spool = spool(1L << 30);
    long first = copy(spool, original, 0).header().id();
    Spool restarted = spool(1L << 30);
    restarted.load();
    assertThat(restarted.newId()).isGreaterThan(first);
  }

  @Test
  void aCopyTornByACrashKeepsItsIntactFramesUpToTheirLastCompleteLineAndCountsTheRest() throws IOException {
    Path original = original(60_000);
    long size = Files.size(original);
    Spool spool = spool(1L << 30);
    SpoolFile copy = copy(spool, original, 0);
    // What kill -9 in the middle of the copy leaves: a .partial file cut inside its second frame.
    Path partial = copy.path().resolveSibling(copy.header().id() + ".partial");
    Files.move(copy.path(), partial);
    try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
      channel.truncate(1_500_000);
    }

    List<SpoolFile> loaded = spool(1L << 30).load();

    assertThat(loaded).hasSize(1);
    SpoolFile kept = loaded.get(0);
    assertThat(kept.dataBytes()).as("the first frame, up to its last newline").isLessThanOrEqualTo(1 << 20)
        .isGreaterThan((1 << 20) - 100);
    byte[] data = readAll(kept, 0);
    assertThat(data[data.length - 1]).isEqualTo((byte) '\n');
    assertThat(data).isEqualTo(bytesOf(original, 0, data.length));
    assertThat(dropped).containsEntry("spool_torn", size - kept.dataBytes());
    assertThat(kept.path().getFileName().toString()).endsWith(".salvaged");
    kept.closeReader();

    dropped.clear();
    assertThat(spool(1L << 30).load()).as("loaded again at the next start, its loss not counted twice").hasSize(1);
    assertThat(dropped).isEmpty();
  }

  @Test
  void aDamagedFrameEndsWhatIsKeptOfATornCopy() throws IOException {
    Path original = original(60_000);
    Spool spool = spool(1L << 30);
    SpoolFile copy = copy(spool, original, 0);
    Path partial = copy.path().resolveSibling(copy.header().id() + ".partial");
    Files.move(copy.path(), partial);
    try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {'#'}), 1_300_000); // in the second frame's data
    }

    SpoolFile kept = spool(1L << 30).load().get(0);

    assertThat(kept.dataBytes()).isLessThanOrEqualTo(1 << 20);
    assertThat(readAll(kept, 0)).isEqualTo(bytesOf(original, 0, kept.dataBytes()));
    kept.closeReader();
  }

  @Test
  void aCopyWhoseHeaderIsTornIsDeleted() throws IOException {
    Path directory = Files.createDirectories(temp.resolve("spool"));
    Files.write(directory.resolve("1700000000000.partial"), "RAYSPOOL\0\0".getBytes(StandardCharsets.US_ASCII));

    assertThat(spool(1L << 30).load()).isEmpty();
    try (Stream<Path> left = Files.list(directory)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void overTheBudgetTheOldestCopiesAreDroppedFirst() throws IOException {
    Path original = original(100); // 3,490 bytes
    long size = Files.size(original);
    Spool spool = spool(2 * size + 10);
    SpoolFile first = copy(spool, original, 0);
    millis.addAndGet(1000);
    SpoolFile second = copy(spool, original, 0);

    assertThat(spool.canHold(size)).isTrue();
    assertThat(spool.canHold(3 * size)).as("bigger than the whole budget: never").isFalse();
    List<SpoolFile> droppedCopies = spool.makeRoom(size);

    assertThat(droppedCopies).containsExactly(first);
    assertThat(Files.exists(first.path())).isFalse();
    assertThat(Files.exists(second.path())).isTrue();
    assertThat(spool.usage()).isEqualTo(new SpoolUsage(size, 1, second.header().createdMillis(), 2 * size + 10));
  }

  @Test
  void aSpoolOverItsBudgetAtStartDropsItsOldestCopies() throws IOException {
    Path original = original(100);
    long size = Files.size(original);
    Spool spool = spool(1L << 30);
    copy(spool, original, 0);
    SpoolFile newest = copy(spool, original, 0);

    List<SpoolFile> loaded = spool(size).load();

    assertThat(loaded).extracting(f -> f.header().id()).containsExactly(newest.header().id());
  }

  @Test
  void aRemovedCopyIsDeleted() throws IOException {
    Spool spool = spool(1L << 30);
    SpoolFile copy = copy(spool, original(10), 0);
    spool.remove(copy);
    assertThat(Files.exists(copy.path())).isFalse();
    assertThat(spool.usage().files()).isZero();
    assertThat(spool(1L << 30).load()).isEmpty();
  }

  @Test
  void aDisabledSpoolHoldsNothing() {
    assertThat(Spool.disabled().enabled()).isFalse();
    assertThat(Spool.disabled().canHold(1)).isFalse();
    assertThat(spool(0).canHold(1)).isFalse();
  }
}
