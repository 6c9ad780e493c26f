package io.raylog.cli;

import io.raylog.config.ConfigException;
import io.raylog.config.ConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Checks a configuration file: exits 0 when it is valid, else lists every problem with its key path.")
final class ValidateCommand implements Callable<Integer> {
  static final int INVALID = 2;

  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The YAML configuration file.")
  Path config;

  @Override
  public Integer call() {
    try {
      ConfigLoader.load(config);
      System.out.println(config + ": valid");
      return 0;
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return INVALID;
    }
  }
}
