package io.raylog.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import io.raylog.config.RaylogConfig;
import org.slf4j.LoggerFactory;

/** Applies {@code log.level} and {@code log.format} to logback, replacing the text appender by a JSON one on request. */
final class LoggingSetup {
  private LoggingSetup() {}

  static void apply(RaylogConfig.Logging logging) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(logging.level(), Level.INFO));
    if (logging.format() == RaylogConfig.LogFormat.JSON) {
      ConsoleAppender<ILoggingEvent> appender =
          DefaultLogConfigurator.stderr(context, "STDERR_JSON", new JsonEncoder());
      root.detachAndStopAllAppenders();
      root.addAppender(appender);
    }
  }
}
