package io.raylog.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "version", mixinStandardHelpOptions = true, description = "Prints raylog's version.")
final class VersionCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.out.println("raylog " + RaylogCommand.version() + " (Java " + Runtime.version() + ")");
    return 0;
  }
}
