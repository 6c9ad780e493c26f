package io.raylog;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps started in order and stopped in the reverse order: what a step starts, the steps after it may use, until they
 * have stopped. A step that fails to start stops the ones started before it; a step that fails to stop is logged and
 * the others still stop, so that one broken sink cannot keep the checkpoints from being written.
 */
final class Lifecycle {
  private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

  /** An action that may throw: starting a server, joining a thread. */
  interface Action {
    void run() throws Exception;
  }

  /** A named step; {@code applies} is asked when the step's turn comes, after the steps before it have started. */
  record Step(String name, Action start, Action stop, java.util.function.BooleanSupplier applies) {
    Step(String name, Action start, Action stop) {
      this(name, start, stop, () -> true);
    }

    /** The same step, taken only when {@code condition} holds at its turn. */
    Step when(java.util.function.BooleanSupplier condition) {
      return new Step(name, start, stop, condition);
    }
  }

  private final List<Step> steps;
  private final Deque<Step> started = new ArrayDeque<>();

  Lifecycle(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  /** Starts every step in order; on a failure, stops the started ones and throws the failure. */
  void start() throws Exception {
    for (Step step : steps) {
      if (!step.applies().getAsBoolean()) {
        continue;
      }
      try {
        step.start().run();
      } catch (Exception | Error e) {
        stop();
        throw e;
      }
      started.push(step);
    }
  }

  /** Stops the started steps, the last started first; each at most once. */
  void stop() {
    while (!started.isEmpty()) {
      Step step = started.pop();
      try {
        step.stop().run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        log.warn("stopping {} was interrupted; stopping the others", step.name());
      } catch (Exception | Error e) {
        log.error("stopping {} failed; stopping the others", step.name(), e);
      }
    }
  }
}
