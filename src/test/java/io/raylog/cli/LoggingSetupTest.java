package io.raylog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import io.raylog.config.RaylogConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code log.level} and {@code log.format: json} applied to raylog's own log, as it writes to standard error. */
class LoggingSetupTest {

  @Test
  void jsonFormatWritesOneJsonObjectALineOnStandardErrorAtTheConfiguredLevel() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PrintStream savedErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      LoggingSetup.apply(new RaylogConfig.Logging("warn", RaylogConfig.LogFormat.JSON));
      org.slf4j.Logger log = LoggerFactory.getLogger("io.raylog.sink.file.FileSinkFactory");
      log.info("below the level");
      log.warn("disk {} is full", "sda");
    } finally {
      System.setErr(savedErr);
      context.reset(); // back to the tests' logback-test.xml
      new ContextInitializer(context).autoConfig();
    }
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(1);
    JsonNode line = JsonMapper.builder().build().readTree(lines.get(0));
    assertThat(line.get("level").asString()).isEqualTo("WARN");
    assertThat(line.get("loggerName").asString()).isEqualTo("io.raylog.sink.file.FileSinkFactory");
    assertThat(lines.get(0)).contains("sda");
  }
}
