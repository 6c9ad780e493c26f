package io.raylog.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitoring files anyone can import (k8s/monitoring/: the Grafana dashboard and the Prometheus alerting rules)
 * and the chart's copies of them, read as the tests need them: every PromQL expression with where it comes from.
 */
public final class MonitoringFiles {
  public static final Path DIR = Path.of("k8s", "monitoring");
  public static final Path DASHBOARD = DIR.resolve("raylog-dashboard.json");
  public static final Path RULES = DIR.resolve("raylog-rules.yaml");
  public static final Path RULES_TESTS = DIR.resolve("raylog-rules.test.yaml");
  public static final Path CHART_FILES = Manifests.CHART.resolve("files");
  public static final Path RUNBOOK = Path.of("docs", "runbook.md");
  /** Where the rule file's runbook_url links point (the chart's prometheusRule.runbookBaseUrl replaces it). */
  public static final String RUNBOOK_URL = "https://github.com/raylog/raylog/blob/main/docs/runbook.md";

  /** A name of raylog's own metrics in PromQL (a label value such as job="raylog" has no underscore after it). */
  private static final Pattern RAYLOG_METRIC = Pattern.compile("\\braylog_[a-z0-9_]+\\b");
  /** Grafana's {@code label_values(<selector>, <label>)} of a query variable. */
  private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.+),\\s*(\\w+)\\)$");

  private MonitoringFiles() {}

  /** A PromQL expression and where it is: "panel <title> <refId>", "variable <name>" or "alert <name>". */
  public record Query(String where, String promql) {}

  /** A query variable's {@code label_values(selector, label)}: the selector is a PromQL query of its own. */
  public record LabelValues(String variable, String selector, String label) {}

  public static JsonNode dashboard() throws IOException {
    return JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
  }

  /** Every alerting rule of every group of the rule file. */
  public static List<JsonNode> alerts() throws IOException {
    List<JsonNode> alerts = new ArrayList<>();
    Manifests.YAML.readTree(Files.readString(RULES)).get("groups")
        .forEach(group -> group.get("rules").forEach(rule -> {
          if (rule.has("alert")) {
            alerts.add(rule);
          }
        }));
    return alerts;
  }

  /** Every panel's targets, rows' collapsed panels included. */
  public static List<Query> panelQueries() throws IOException {
    List<Query> queries = new ArrayList<>();
    collectPanels(dashboard().get("panels"), queries);
    return queries;
  }

  public static List<LabelValues> variableQueries() throws IOException {
    List<LabelValues> variables = new ArrayList<>();
    for (JsonNode variable : dashboard().get("templating").get("list")) {
      if (variable.get("type").asString().equals("query")) {
        Matcher matcher = LABEL_VALUES.matcher(variable.get("query").asString());
        if (!matcher.matches()) {
          throw new AssertionError("variable " + variable.get("name") + " is not label_values(selector, label)");
        }
        variables.add(new LabelValues(variable.get("name").asString(), matcher.group(1), matcher.group(2)));
      }
    }
    return variables;
  }

  public static List<Query> alertQueries() throws IOException {
    return alerts().stream().map(rule -> new Query("alert " + rule.get("alert").asString(), rule.get("expr").asString())).toList();
  }

  /** Every PromQL expression of the dashboard (panels and variables) and of the rules. */
  public static List<Query> allQueries() throws IOException {
    List<Query> queries = new ArrayList<>(panelQueries());
    variableQueries().forEach(v -> queries.add(new Query("variable " + v.variable(), v.selector())));
    queries.addAll(alertQueries());
    return queries;
  }

  /** The raylog_* metric names an expression reads. */
  public static Set<String> raylogMetrics(String promql) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = RAYLOG_METRIC.matcher(promql);
    while (matcher.find()) {
      names.add(matcher.group());
    }
    return names;
  }

  private static void collectPanels(JsonNode panels, List<Query> queries) {
    for (JsonNode panel : panels) {
      if (panel.has("panels")) {
        collectPanels(panel.get("panels"), queries);
      }
      for (JsonNode target : panel.path("targets")) {
        queries.add(new Query("panel " + panel.get("title").asString() + " " + target.get("refId").asString(),
            target.get("expr").asString()));
      }
    }
  }
}
