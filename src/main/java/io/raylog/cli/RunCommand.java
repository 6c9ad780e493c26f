package io.raylog.cli;

import io.raylog.Main;
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
      "SIGTERM drains: reading stops, open batches are flushed and acknowledged, checkpoints are written."
    })
final class RunCommand implements Callable<Integer> {
  /** Returned when the agent runs on and the process must not exit yet (it exits through its shutdown hook). */
  static final int KEEP_RUNNING = Integer.MIN_VALUE;
  static final int START_FAILED = 1;

  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The YAML configuration file.")
  Path config;

  @Override
  public Integer call() {
    RaylogConfig loaded;
    try {
      loaded = ConfigLoader.load(config);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return ValidateCommand.INVALID;
    }
    LoggingSetup.apply(loaded.log());
    Logger log = LoggerFactory.getLogger(RunCommand.class);
    Main main;
    try {
      main = Main.start(loaded);
    } catch (Exception e) {
      log.error("raylog could not start: {}", e.getMessage(), e);
      return START_FAILED;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(main::close, "raylog-shutdown"));
    try {
      main.awaitClosed();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return KEEP_RUNNING;
  }
}
