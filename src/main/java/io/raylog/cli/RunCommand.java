package io.raylog.cli;

import io.raylog.ConfigReloader;
import io.raylog.config.ConfigException;
import io.raylog.config.ConfigLoader;
import io.raylog.config.RaylogConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Tails every Ray session under the configured roots and ships the records to the configured sinks.",
      "SIGTERM drains: reading stops, open batches are flushed and acknowledged, checkpoints are written.",
      "SIGHUP, or a change of the file, reloads the configuration without a restart (an invalid one is refused)."
    })
final class RunCommand implements Callable<Integer> {
  /** Returned when the agent runs on and the process must not exit yet (it exits through its shutdown hook). */
  static final int KEEP_RUNNING = Integer.MIN_VALUE;
  static final int START_FAILED = 1;

  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The YAML configuration file.")
  Path config;

  @Override
  public Integer call() {
    // The command line's garbage collected before the agent starts (the jar's directory read, picocli's 175 classes
    // that class-data sharing cannot archive, its annotations read: 12 MiB of eden, 4 of them live): what the
    // configuration and the stages allocate next reuses the same young-generation pages, so fewer are ever resident.
    // See Main's "heap" step, which collects once more before reading; issue 21, docs/benchmark.md "Memory: start-up
    // garbage and classes".
    System.gc();
    RaylogConfig loaded;
    try {
      loaded = ConfigLoader.load(config);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return ValidateCommand.INVALID;
    }
    LoggingSetup.apply(loaded.log());
    Logger log = LoggerFactory.getLogger(RunCommand.class);
    ConfigReloader running;
    try {
      running = ConfigReloader.start(config, loaded, applied -> LoggingSetup.apply(applied.log()));
    } catch (Exception e) {
      log.error("raylog could not start: {}", e.getMessage(), e);
      return START_FAILED;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "raylog-shutdown"));
    // SIGHUP reloads the configuration, as it does for most daemons (and Fluent Bit's hot reload).
    sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> running.reloadSoon());
    try {
      running.awaitClosed();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return running.failed() ? START_FAILED : KEEP_RUNNING;
  }
}
