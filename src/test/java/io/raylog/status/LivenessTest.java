package io.raylog.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.DefaultEventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** /healthz's verdict: a part that stops beating or a thread that dies is named; one that recovers is healthy. */
class LivenessTest {
  private final AtomicLong now = new AtomicLong();
  private final List<DefaultEventLoopGroup> groups = new ArrayList<>();

  @AfterEach
  void shutDown() throws InterruptedException {
    for (DefaultEventLoopGroup group : groups) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /** Event loops shut down after the test, as a node's are at its end. */
  private DefaultEventLoopGroup loops(int threads) {
    DefaultEventLoopGroup group = new DefaultEventLoopGroup(threads);
    groups.add(group);
    return group;
  }

  @Test
  void aPartSilentForLongerThanTheLimitIsNamed() {
    Liveness liveness = new Liveness(Duration.ofSeconds(60), now::get);
    Liveness.Beat tail = liveness.register("tail", null);
    now.addAndGet(TimeUnit.SECONDS.toNanos(59));
    assertThat(liveness.problem()).isEmpty();

    now.addAndGet(TimeUnit.SECONDS.toNanos(2));
    assertThat(liveness.problem()).hasValue("tail has not run for 61 s (stuck; the limit is 60 s)");

    tail.beat();
    assertThat(liveness.problem()).isEmpty();
  }

  @Test
  void aThreadThatHasStoppedIsNamedAtOnce() throws Exception {
    Liveness liveness = new Liveness(Duration.ofSeconds(60), now::get);
    Thread tail = new Thread(() -> {}, "tail");
    liveness.register("tail", tail);
    tail.start();
    tail.join();

    assertThat(liveness.problem()).hasValue("the tail thread has stopped");
  }

  @Test
  void aWedgedEventLoopIsNamedAndARecoveredOneIsHealthy() throws Exception {
    DefaultEventLoopGroup loops = loops(2);
    Liveness liveness = new Liveness(Duration.ofMillis(1500), System::nanoTime);
    liveness.watch("sink event loop", loops);
    CountDownLatch release = new CountDownLatch(1);
    loops.next().execute(() -> awaitQuietly(release)); // a handler that blocks its loop

    await().atMost(Duration.ofSeconds(10)).until(() -> liveness.problem().isPresent());
    assertThat(liveness.problem().orElseThrow()).matches("sink event loop-[01] has not run for \\d+ s .*");

    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> liveness.problem().isEmpty());
  }

  /**
   * An event loop is asked when the probe asks, not on a timer: one that slept for minutes is healthy at the first
   * question, and one that does not answer a question for longer than the limit is named.
   */
  @Test
  void anEventLoopIsPingedWhenAskedAndNamedWhenItDoesNotAnswer() throws Exception {
    DefaultEventLoopGroup loops = loops(1);
    Liveness liveness = new Liveness(Duration.ofSeconds(60), now::get);
    liveness.watch("parse thread", loops);
    now.addAndGet(TimeUnit.MINUTES.toNanos(10)); // an idle node: nothing ran on the loop
    assertThat(liveness.problem()).as("the first question sends a ping").isEmpty();
    loops.next().submit(() -> {}).sync(); // behind the ping: answered

    CountDownLatch release = new CountDownLatch(1);
    loops.next().execute(() -> awaitQuietly(release)); // a handler that blocks its loop
    assertThat(liveness.problem()).isEmpty();
    now.addAndGet(TimeUnit.SECONDS.toNanos(59));
    assertThat(liveness.problem()).isEmpty();
    now.addAndGet(TimeUnit.SECONDS.toNanos(2));
    assertThat(liveness.problem()).hasValue("parse thread-0 has not run for 61 s (stuck; the limit is 60 s)");

    release.countDown();
    loops.next().submit(() -> {}).sync();
    assertThat(liveness.problem()).isEmpty();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
