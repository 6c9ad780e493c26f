package io.raylog.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * raylog's own log as code, not a {@code logback.xml}: logback finds this class through {@code META-INF/services} and
 * uses it before its XML configurator. Reading XML loaded about 450 classes (Joran and the JDK's XML parser) that
 * nothing else needs: without them, raylog's CDS archive is 2.3 MiB smaller and an idle raylog 4.5 MiB smaller in
 * all (issue 21; docs/benchmark.md, "Idle footprint"). The text format is what {@code logback.xml} had;
 * {@code log.level} and {@code log.format} are applied on top by {@link LoggingSetup}.
 *
 * <p>A logback XML file still wins when one is given: {@code -Dlogback.configurationFile=...}, or a
 * {@code logback-test.xml} on the class path (the tests'); logback's XML configurator then runs as before.
 *
 * <p>Called once, by logback, on the thread that first asks for a logger.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class DefaultLogConfigurator extends ContextAwareBase implements Configurator {
  /** Each line: ISO-8601 time with its offset, level, thread, the logger's abbreviated name, the message. */
  static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg%n";

  /** Libraries that log too much at INFO: Netty, and the kafka and s3 sinks' clients (configuration, reconnects). */
  static final String[] QUIET_AT_WARN = {"io.netty", "org.apache.kafka", "software.amazon.awssdk"};

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty(ContextInitializer.CONFIG_FILE_PROPERTY) != null
        || DefaultLogConfigurator.class.getClassLoader().getResource(ContextInitializer.TEST_AUTOCONFIG_FILE) != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    configureDefaults(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** raylog's logging without any file: text lines on standard error (standard output belongs to the stdout sink). */
  static void configureDefaults(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setPattern(PATTERN);
    for (String name : QUIET_AT_WARN) {
      context.getLogger(name).setLevel(Level.WARN);
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stderr(context, "STDERR", encoder));
  }

  /** A started appender of {@code encoder}'s lines on standard error: the text format, or LoggingSetup's JSON. */
  static ConsoleAppender<ILoggingEvent> stderr(LoggerContext context, String name, Encoder<ILoggingEvent> encoder) {
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName(name);
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    return appender;
  }
}
