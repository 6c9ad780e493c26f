package io.raylog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/**
 * raylog's log configured in code gives what the {@code logback.xml} it replaced gave: the same lines, byte for byte,
 * the same levels, one appender on standard error.
 */
class DefaultLogConfiguratorTest {
  /** src/main/resources/logback.xml until issue 21 replaced it by {@link DefaultLogConfigurator}. */
  private static final String LOGBACK_XML = """
      <configuration>
        <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
          <target>System.err</target>
          <encoder>
            <pattern>%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg%n</pattern>
          </encoder>
        </appender>
        <logger name="io.netty" level="WARN"/>
        <logger name="org.apache.kafka" level="WARN"/>
        <logger name="software.amazon.awssdk" level="WARN"/>
        <root level="INFO">
          <appender-ref ref="STDERR"/>
        </root>
      </configuration>
      """;

  private static final String[] LOGGERS = {
    Logger.ROOT_LOGGER_NAME, "io.raylog.Main", "io.raylog.sink.kafka.KafkaTransport", "io.netty",
    "io.netty.channel.DefaultChannelPipeline", "org.apache.kafka.clients.producer.ProducerConfig", "org.apache",
    "software.amazon.awssdk.services.s3.S3Client", "software.amazon", "io.fabric8.kubernetes.client.Config"
  };

  @Test
  void writesTheSameLinesAsTheXmlItReplaced() throws Exception {
    LoggerContext fromXml = fromXml();
    LoggerContext fromCode = new LoggerContext();
    DefaultLogConfigurator.configureDefaults(fromCode);

    for (String zone : List.of("UTC", "Europe/Berlin", "America/Los_Angeles")) {
      TimeZone saved = TimeZone.getDefault();
      TimeZone.setDefault(TimeZone.getTimeZone(zone));
      try {
        for (ILoggingEvent event : events(fromXml)) {
          String xmlLine = encode(fromXml, event);
          String codeLine = encode(fromCode, event);
          assertThat(codeLine).as("in %s", zone).isEqualTo(xmlLine);
        }
      } finally {
        TimeZone.setDefault(saved);
      }
    }
    // A fixed example, so that a change of both formats at once is seen too.
    TimeZone saved = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    try {
      LoggingEvent event = event(fromCode, "io.raylog.sink.file.FileSinkFactory", Level.WARN, "disk {} is full", "sda");
      assertThat(encode(fromCode, event))
          .isEqualTo("2026-11-25T10:00:00.123Z WARN  [raylog-sink-2-1] i.r.s.f.FileSinkFactory - disk sda is full"
              + System.lineSeparator());
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @Test
  void setsTheSameLevelsAndOneAppenderOnStandardError() throws Exception {
    LoggerContext fromXml = fromXml();
    LoggerContext fromCode = new LoggerContext();
    DefaultLogConfigurator.configureDefaults(fromCode);

    for (String name : LOGGERS) {
      assertThat(fromCode.getLogger(name).getEffectiveLevel()).as(name)
          .isEqualTo(fromXml.getLogger(name).getEffectiveLevel());
    }
    List<Appender<ILoggingEvent>> appenders = appenders(fromCode.getLogger(Logger.ROOT_LOGGER_NAME));
    assertThat(appenders).hasSize(1);
    ConsoleAppender<ILoggingEvent> stderr = (ConsoleAppender<ILoggingEvent>) appenders.get(0);
    assertThat(stderr.getName()).isEqualTo("STDERR");
    assertThat(stderr.getTarget()).isEqualTo("System.err");
    assertThat(stderr.isStarted()).isTrue();
    assertThat(appenders(fromXml.getLogger(Logger.ROOT_LOGGER_NAME))).extracting(Appender::getName)
        .containsExactly("STDERR");
  }

  @Test
  void leavesTheConfigurationToAnXmlFileWhenOneIsGiven() {
    // The tests' class path has logback-test.xml: logback's XML configurator must run, as it did before.
    LoggerContext context = new LoggerContext();
    DefaultLogConfigurator configurator = new DefaultLogConfigurator();
    configurator.setContext(context);
    assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(appenders(context.getLogger(Logger.ROOT_LOGGER_NAME))).isEmpty();
  }

  private static LoggerContext fromXml() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(context);
    joran.doConfigure(new ByteArrayInputStream(LOGBACK_XML.getBytes(StandardCharsets.UTF_8)));
    return context;
  }

  private static List<ILoggingEvent> events(LoggerContext context) {
    List<ILoggingEvent> events = new ArrayList<>();
    events.add(event(context, "io.raylog.Main", Level.INFO, "raylog started: {} root(s)", 2));
    events.add(event(context, "io.raylog.tail.very.deeply.nested.package.name.TailedFile", Level.WARN, "cannot read {}",
        "/tmp/ray/session_latest/logs/raylet.out"));
    events.add(event(context, "io.raylog.Main", Level.ERROR, "raylog could not start: {}", "ünïcödé ✓"));
    events.add(event(context, "x", Level.DEBUG, "short logger name"));
    events.add(event(context, "io.raylog.sink.SinkPipelines", Level.TRACE, "{} and {}", "a", null));
    return events;
  }

  private static LoggingEvent event(LoggerContext context, String logger, Level level, String message, Object... args) {
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger(logger), level, message, null, args);
    event.setTimeStamp(1_795_600_800_123L); // 2026-11-25T10:00:00.123Z
    event.setThreadName("raylog-sink-2-1");
    return event;
  }

  private static String encode(LoggerContext context, ILoggingEvent event) {
    ConsoleAppender<ILoggingEvent> appender =
        (ConsoleAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
    return new String(appender.getEncoder().encode(event), StandardCharsets.UTF_8);
  }

  private static List<Appender<ILoggingEvent>> appenders(Logger logger) {
    List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
    for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
      appenders.add(it.next());
    }
    return appenders;
  }
}
