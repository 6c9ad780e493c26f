package io.raylog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  private final List<String> happened = new ArrayList<>();

  private Lifecycle.Step step(String name) {
    return new Lifecycle.Step(name, () -> happened.add("start " + name), () -> happened.add("stop " + name));
  }

  @Test
  void stepsStopInTheReverseOrderOfTheirStart() throws Exception {
    Lifecycle lifecycle = new Lifecycle(List.of(step("checkpoints"), step("sinks"), step("reading")));
    lifecycle.start();
    lifecycle.stop();
    assertThat(happened).containsExactly("start checkpoints", "start sinks", "start reading", "stop reading",
        "stop sinks", "stop checkpoints");
  }

  @Test
  void aStepThatFailsToStartStopsTheOnesBeforeItAndNoneAfter() {
    Lifecycle lifecycle = new Lifecycle(List.of(step("checkpoints"), step("sinks"),
        new Lifecycle.Step("http server", () -> {
          throw new IllegalStateException("port 8080 is in use");
        }, () -> happened.add("stop http server")), step("reading")));
    assertThatThrownBy(lifecycle::start).hasMessage("port 8080 is in use");
    assertThat(happened).containsExactly("start checkpoints", "start sinks", "stop sinks", "stop checkpoints");
    lifecycle.stop(); // a second stop (close after a failed start) stops nothing twice
    assertThat(happened).hasSize(4);
  }

  @Test
  void aStepThatFailsToStopDoesNotKeepTheOthersFromStopping() throws Exception {
    Lifecycle lifecycle = new Lifecycle(List.of(step("checkpoints"),
        new Lifecycle.Step("sinks", () -> happened.add("start sinks"), () -> {
          throw new java.io.IOException("broken pipe");
        }), step("reading")));
    lifecycle.start();
    lifecycle.stop();
    assertThat(happened).containsExactly("start checkpoints", "start sinks", "start reading", "stop reading",
        "stop checkpoints");
  }

  @Test
  void aStepThatDoesNotApplyIsNeitherStartedNorStopped() throws Exception {
    boolean[] kubernetes = {false};
    Lifecycle lifecycle = new Lifecycle(List.of(step("checkpoints"), step("kubernetes").when(() -> kubernetes[0]),
        step("reading")));
    lifecycle.start();
    lifecycle.stop();
    assertThat(happened).containsExactly("start checkpoints", "start reading", "stop reading", "stop checkpoints");
  }
}
