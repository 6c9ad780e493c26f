package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.deploy.Manifests;
import io.raylog.deploy.MonitoringFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * k8s/monitoring/raylog-rules.yaml: Prometheus's promtool accepts it and passes its unit tests
 * (raylog-rules.test.yaml), and every alert tells on-call what it is and where its runbook section is. A unit test
 * (no jar needed) beside the end-to-end tests, which share its RequiredTool.
 */
class AlertRulesTest {
  @Test
  void promtoolAcceptsTheRulesAndPassesTheirUnitTests() throws Exception {
    Path promtool = RequiredTool.find("promtool", "prometheus");
    assertThat(run(promtool.toString(), "check", "rules", MonitoringFiles.RULES.toString())).contains("SUCCESS");
    assertThat(run(promtool.toString(), "test", "rules", MonitoringFiles.RULES_TESTS.toString())).contains("SUCCESS");
  }

  @Test
  void everyAlertHasASeverityASummaryADescriptionAndARunbookSection() throws IOException {
    String runbook = Files.readString(MonitoringFiles.RUNBOOK);
    List<JsonNode> alerts = MonitoringFiles.alerts();
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(10);
    for (JsonNode alert : alerts) {
      String name = alert.get("alert").asString();
      assertThat(alert.path("labels").path("severity").asString()).as(name).isIn("critical", "warning", "info");
      JsonNode annotations = alert.get("annotations");
      assertThat(annotations.path("summary").asString()).as(name + " summary").isNotBlank();
      assertThat(annotations.path("description").asString()).as(name + " description").isNotBlank();
      // GitHub's anchor of the heading "## RaylogSinkFailing".
      assertThat(annotations.path("runbook_url").asString()).as(name).isEqualTo(MonitoringFiles.RUNBOOK_URL + "#" + name.toLowerCase());
      assertThat(runbook).as("docs/runbook.md section of " + name).contains("\n## " + name + "\n");
    }
  }

  @Test
  void everyAlertHasAUnitTestWhereItFiresAndOneWhereItDoesNot() throws IOException {
    JsonNode tests = Manifests.YAML.readTree(Files.readString(MonitoringFiles.RULES_TESTS));
    Set<String> firing = new java.util.TreeSet<>();
    Set<String> silent = new java.util.TreeSet<>();
    tests.get("tests").forEach(test -> test.get("alert_rule_test").forEach(check -> {
      String name = check.get("alertname").asString();
      (check.path("exp_alerts").isEmpty() ? silent : firing).add(name);
    }));
    List<String> names = new ArrayList<>();
    MonitoringFiles.alerts().forEach(alert -> names.add(alert.get("alert").asString()));
    assertThat(firing).as("alerts tested firing").containsExactlyInAnyOrderElementsOf(names);
    assertThat(silent).as("alerts tested not firing").containsExactlyInAnyOrderElementsOf(names);
  }

  /** Runs a command to its end and returns its output; fails the test on a non-zero exit. */
  static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
    return output;
  }
}
