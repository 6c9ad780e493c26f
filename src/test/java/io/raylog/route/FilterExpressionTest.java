package io.raylog.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raylog.pipeline.TestRecords;
import io.raylog.record.FileProgress;
import io.raylog.record.LogRecord;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterExpressionTest {
  /** Fields the record model does not carry yet (severity, pod metadata), given per record. */
  final Map<LogRecord, Map<String, String>> fields = new IdentityHashMap<>();
  final FieldSource table = new FieldSource() {
    @Override
    public String value(FilterField field, LogRecord record) {
      return field == FilterField.COMPONENT || field == FilterField.SESSION || field == FilterField.FILE
          ? field.read.apply(record) : fields.get(record).get(field.key);
    }

    @Override
    public String label(LogRecord record, String key) {
      return fields.get(record).get("labels." + key);
    }
  };

  LogRecord record(String... keyValues) {
    LogRecord record = TestRecords.record(new FileProgress(1, 0), 0, "line");
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put(keyValues[i], keyValues[i + 1]);
    }
    fields.put(record, values);
    return record;
  }

  boolean accepts(String filter, LogRecord record) throws FilterSyntaxException {
    return FilterExpression.parse(filter, table).accepts(record);
  }

  @ParameterizedTest(name = "{0} on {1} → {2}")
  @CsvSource(delimiter = '|', value = {
      "severity >= ERROR                          | severity=ERROR                | true",
      "severity >= ERROR                          | severity=FATAL                | true",
      "severity >= ERROR                          | severity=WARN                 | false",
      "severity >= error                          | severity=ERROR                | true",
      "severity > warning                         | severity=ERROR                | true",
      "severity < INFO                            | severity=DEBUG                | true",
      "severity <= INFO                           | severity=WARN                 | false",
      "severity >= ERROR                          | -                             | false",
      "severity in (ERROR, FATAL)                 | severity=FATAL                | true",
      "severity == WARNING                        | severity=WARN                 | true",
      "component == raylet                        | -                             | true",
      "component in (gcs_server, raylet)          | -                             | true",
      "component not in (gcs_server, raylet)      | -                             | false",
      "component != raylet                        | -                             | false",
      "namespace == prod                          | namespace=prod                | true",
      "namespace == prod                          | -                             | false",
      "namespace != prod                          | -                             | true",
      "namespace == 'prod' and severity >= ERROR  | namespace=prod,severity=INFO  | false",
      "namespace == prod or severity >= ERROR     | namespace=dev,severity=ERROR  | true",
      "not (namespace == prod or ray_cluster == a)| ray_cluster=a                 | false",
      "not namespace == dev and node_type == head | node_type=head                | true",
      "labels.team == ml                          | labels.team=ml                | true",
      "labels.ray.io/cluster == c1                | labels.ray.io/cluster=c1      | true",
      "labels.team == ml                          | -                             | false",
      "pod == \"x-head-1\" and container == ray-head | pod=x-head-1,container=ray-head | true",
      "ray_cluster == b or component == raylet and node == n1 | node=n1           | true",
      "namespace contains rod                     | namespace=prod                | true",
      "namespace not contains rod                 | namespace=prod                | false",
      "namespace contains rod                     | -                             | false",
      "namespace not contains rod                 | -                             | true",
      "pod matches '^x-head-[0-9]+$'              | pod=x-head-12                 | true",
      "pod matches 'head'                         | pod=x-head-12                 | true",
      "pod matches '^head'                        | pod=x-head-12                 | false",
      "pod not matches '^head'                    | pod=x-head-12                 | true",
      "labels.team contains m                     | labels.team=ml                | true",
      "labels.team matches '^m.$'                 | labels.team=ml                | true",
      "ray_cluster == b or component == raylet and node == n2 | node=n1           | false",
  })
  void evaluates(String filter, String given, boolean expected) throws FilterSyntaxException {
    String[] pairs = given.equals("-") ? new String[0] : given.split("[,=]");
    assertThat(accepts(filter, record(pairs))).isEqualTo(expected);
  }

  @Test
  void andBindsTighterThanOr() throws FilterSyntaxException {
    LogRecord r = record("namespace", "dev");
    assertThat(accepts("namespace == dev or namespace == x and severity >= ERROR", r)).isTrue();
    assertThat(accepts("(namespace == dev or namespace == x) and severity >= ERROR", r)).isFalse();
  }

  @Test
  void theRealRecordFieldsGiveTheParsedSeverity() throws FilterSyntaxException {
    byte[] text = "boom".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    LogRecord error = new LogRecord(TestRecords.SOURCE, new FileProgress(1, 0), 0, 5, 1L, LogRecord.UNKNOWN_TIME,
        text, 0, text.length, false);
    error.parsed(LogRecord.UNKNOWN_TIME, io.raylog.record.Severity.ERROR, text, 0, text.length, null, 0, 0, 0);
    LogRecord unparsed = TestRecords.record(new FileProgress(1, 0), 0, "no level");
    FilterExpression alerts = FilterExpression.parse("severity >= ERROR");
    assertThat(alerts.accepts(error)).isTrue();
    assertThat(alerts.accepts(unparsed)).isFalse();
    assertThat(FilterExpression.parse("severity != ERROR").accepts(unparsed)).isTrue();
  }

  @Test
  void theRealRecordFieldsGiveTheComponentFromTheFileName() throws FilterSyntaxException {
    LogRecord raylet = TestRecords.record(new FileProgress(1, 0), 0, "line");
    assertThat(FilterExpression.parse("component == raylet").accepts(raylet)).isTrue();
    assertThat(FilterExpression.parse("component == worker").accepts(raylet)).isFalse();
    assertThat(FilterExpression.parse(" component == raylet ").toString()).isEqualTo("component == raylet");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "''                                | the filter is empty",
      "severity >= LOUD                  | at column 13: unknown severity LOUD (expected one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL), got LOUD",
      "colour == red                     | at column 1: unknown field colour (known: severity, component, namespace, ray_cluster, node_type, pod, container, node, session, file, job_id, submission_id, worker_id, node_id, actor_id, actor_name, task_id, task_name, request_id, application, deployment, replica, message, labels.<key>), got colour",
      "component >= raylet               | at column 11: >= compares severities only; use == or in for component, got >=",
      "component = raylet                | at column 11: unknown operator = (use == or !=)",
      "component == raylet and           | expected a field (severity, component, namespace, ray_cluster, node_type, pod, container, node, session, file, job_id, submission_id, worker_id, node_id, actor_id, actor_name, task_id, task_name, request_id, application, deployment, replica, message, labels.<key>), got the end of the filter",
      "component in (raylet              | expected ), got the end of the filter",
      "component == 'raylet              | at column 14: the quote ' is not closed",
      "component == raylet namespace     | at column 21: expected and, or or the end, got namespace",
      "(component == raylet              | expected ), got the end of the filter",
      "component not == x                | at column 15: expected in, contains or matches after not, got ==",
      "severity contains ERR             | at column 10: severity is compared with ==, !=, in, >=, >, <= or <, got contains",
      "message matches '(unclosed'       | at column 17: not a regular expression: Unclosed group near index 9 in '(unclosed'",
  })
  void explainsMistakes(String filter, String message) {
    assertThatThrownBy(() -> FilterExpression.parse(filter)).isInstanceOf(FilterSyntaxException.class).hasMessage(message);
  }
}
