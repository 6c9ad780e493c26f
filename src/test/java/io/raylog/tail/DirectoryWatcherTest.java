package io.raylog.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raylog.pipeline.Acknowledgements;
import io.raylog.pipeline.MemoryBudget;
import io.raylog.pipeline.RecordChunk;
import io.raylog.pipeline.TestRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With filesystem events, new files, new folders and new data are picked up without waiting for a rescan. */
class DirectoryWatcherTest {
  private static final long HOUR = 3_600_000_000_000L;

  @TempDir Path root;

  @Test
  void eventsAloneFindNewFilesFoldersAndData() throws Exception {
    Path logs = Files.createDirectories(root.resolve(TailHarness.SESSION).resolve("logs"));
    List<String> messages = new CopyOnWriteArrayList<>();
    MemoryBudget budget = new MemoryBudget(64 << 20, () -> {});
    Acknowledgements acks = new Acknowledgements(1, budget);
    // No rescan for an hour and no polling for an hour: only events can wake the tailer.
    TailSettings settings = new TailSettings(1 << 20, 64 * 1024, HOUR, HOUR, HOUR, 4096, HOUR, false, io.raylog.parse.ParseSettings.disabled());
    Tailer tailer = new Tailer(List.of(TailRoot.local(root)), settings, Map.of(), true, (RecordChunk chunk) -> {
      acks.published(chunk);
      for (int i = 0; i < chunk.size(); i++) {
        messages.add(chunk.get(i).message());
      }
      TestRecords.deliverToAllSinks(acks, chunk);
    }, budget, 1, TailEvents.NONE, System::nanoTime, System::currentTimeMillis);
    DirectoryWatcher watcher = new DirectoryWatcher(tailer::onDirectoryEvent, TailEvents.NONE);
    tailer.watchDirectoriesWith(watcher::watch, watcher::reportsChanges);
    watcher.start();
    assertThat(watcher.degraded()).as("inotify is available on the build machines").isFalse();
    running = true;
    Thread thread = new Thread(() -> tailer.run(() -> running), "tail");
    thread.start();
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> watcher.watches(logs)); // the first scan registers it
      Files.writeString(logs.resolve("raylet.out"), "first\n");
      await().atMost(Duration.ofSeconds(5)).until(() -> messages.contains("first"));
      Files.writeString(logs.resolve("raylet.out"), "second\n", StandardOpenOption.APPEND);
      await().atMost(Duration.ofSeconds(5)).until(() -> messages.contains("second"));
      Path serve = Files.createDirectories(logs.resolve("serve"));
      Files.writeString(serve.resolve("controller_12.log"), "in a new folder\n");
      await().atMost(Duration.ofSeconds(5)).until(() -> messages.contains("in a new folder"));
    } finally {
      running = false;
      tailer.wake();
      thread.join(5_000);
      watcher.close();
      tailer.closeAll();
    }
    assertThat(messages).containsExactly("first", "second", "in a new folder");
  }

  private static volatile boolean running;
}
