package io.raylog.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code raylog} command line: {@code run}, {@code validate}, {@code version}. */
@Command(
    name = "raylog",
    mixinStandardHelpOptions = true,
    versionProvider = RaylogCommand.Version.class,
    description = "Ships Ray's log files without losing a line.",
    subcommands = {RunCommand.class, ValidateCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class RaylogCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    int code = new CommandLine(new RaylogCommand()).execute(args);
    if (code != RunCommand.KEEP_RUNNING) {
      System.exit(code);
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: run, validate or version");
  }

  /** The version from the build. */
  static String version() {
    try (InputStream in = RaylogCommand.class.getResourceAsStream("/raylog-version.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"raylog " + version() + " (Java " + Runtime.version() + ")"};
    }
  }
}
