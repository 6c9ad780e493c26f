package io.raylog.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.route.FilterExpression;
import io.raylog.sink.elasticsearch.ElasticsearchSinkConfig;
import io.raylog.sink.webhook.HttpSinkConfig;
import io.raylog.sink.loki.LokiSinkConfig;
import io.raylog.sink.otlp.OtlpSinkConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The network sinks' keys: what they bind to, and every mistake with its key path. */
class NetworkSinkConfigTest {
  private static final String DISCOVERY = "discovery:\n  static:\n    roots: [/tmp/ray]\nsinks:\n";

  @TempDir Path dir;
  private final ConfigFiles files = new ConfigFiles(() -> dir);

  @Test
  void bindsEveryNetworkSinkWithItsDefaultsAndSecretsFromTheEnvironment() {
    RaylogConfig config = ConfigLoader.load(files.write(DISCOVERY + """
          - name: alerts
            type: http
            url: https://alerts.example.com/hook
            filter: severity >= ERROR and namespace == prod
            format: json_array
            compression: gzip
            basic_user: raylog
            basic_password: ${ALERTS_PASSWORD}
            headers: {X-Api-Key: "${API_KEY}"}
            dead_letter_path: /var/lib/raylog/alerts-rejected.ndjson
          - name: loki
            type: loki
            url: http://loki:3100/loki/api/v1/push
            tenant_id: team-a
            bearer_token_file: /var/run/secrets/token
          - name: es
            type: elasticsearch
            url: https://es:9200
            tls_ca_file: /etc/raylog/ca.pem
            tls_cert_file: /etc/raylog/client.pem
            tls_key_file: /etc/raylog/client.key
            pipeline: ray
            max_in_flight: 8
            retry_max_backoff: 1m
          - name: otel
            type: otlp
            url: http://collector:4318/v1/logs
            format: json
            compression: zstd
          - name: otel-grpc
            type: otlp
            url: https://collector:4317
            protocol: grpc
        """), Map.of("ALERTS_PASSWORD", "s3cret", "API_KEY", "k3y"));

    HttpSinkConfig alerts = (HttpSinkConfig) config.sinks().get(0);
    assertThat(alerts.url()).isEqualTo(URI.create("https://alerts.example.com/hook"));
    assertThat(alerts.filter()).isInstanceOf(FilterExpression.class);
    assertThat(alerts.filter().toString()).isEqualTo("severity >= ERROR and namespace == prod");
    assertThat(alerts.format()).isEqualTo(HttpSinkConfig.Format.JSON_ARRAY);
    assertThat(alerts.client().basicPassword()).contains(new Secret("s3cret"));
    assertThat(alerts.client().headers()).containsEntry("X-Api-Key", new Secret("k3y"));
    assertThat(alerts.delivery().deadLetterPath()).contains(Path.of("/var/lib/raylog/alerts-rejected.ndjson"));
    assertThat(config.toString()).doesNotContain("s3cret").doesNotContain("k3y");

    LokiSinkConfig loki = (LokiSinkConfig) config.sinks().get(1);
    assertThat(loki.format()).isEqualTo(LokiSinkConfig.Format.PROTOBUF);
    assertThat(loki.labels()).containsExactly("namespace", "ray_cluster", "node_type", "component");
    assertThat(loki.tenantId()).contains("team-a");
    assertThat(loki.client().bearerTokenFile()).contains(Path.of("/var/run/secrets/token"));
    assertThat(loki.delivery()).isEqualTo(new SinkConfig.Delivery(4, Duration.ofMillis(100), Duration.ofSeconds(30),
        Optional.empty(), 64L << 20));
    assertThat(loki.client().requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(loki.client().compression()).isEqualTo(SinkConfig.Compression.NONE);

    ElasticsearchSinkConfig es = (ElasticsearchSinkConfig) config.sinks().get(2);
    assertThat(es.index()).isEqualTo("raylog-%Y.%m.%d");
    assertThat(es.pipeline()).contains("ray");
    assertThat(es.delivery().maxInFlight()).isEqualTo(8);
    assertThat(es.delivery().retryMaxBackoff()).isEqualTo(Duration.ofMinutes(1));

    OtlpSinkConfig otel = (OtlpSinkConfig) config.sinks().get(3);
    assertThat(otel.serviceName()).isEqualTo("ray");
    assertThat(otel.format()).isEqualTo(OtlpSinkConfig.Format.JSON);
    assertThat(otel.protocol()).isEqualTo(OtlpSinkConfig.Protocol.HTTP);
    OtlpSinkConfig grpc = (OtlpSinkConfig) config.sinks().get(4);
    assertThat(grpc.protocol()).isEqualTo(OtlpSinkConfig.Protocol.GRPC);
    assertThat(grpc.format()).isEqualTo(OtlpSinkConfig.Format.PROTOBUF);
  }

  static Stream<Arguments> problems() {
    String http = "  - name: web\n    type: http\n    url: http://h/\n";
    String https = "  - name: web\n    type: http\n    url: https://h/\n";
    return Stream.of(
        of("url missing", "  - {name: web, type: http}\n", "sinks[0].url: required"),
        of("url not http", "  - {name: web, type: http, url: 'ftp://h/x'}\n",
            "sinks[0].url: expected an http:// or https:// URL, got \"ftp://h/x\""),
        of("url with credentials", "  - {name: web, type: http, url: 'http://u:p@h/x'}\n",
            "sinks[0].url: must not contain credentials; use basic_user and basic_password"),
        of("filter with a typo", http + "    filter: severty >= ERROR\n",
            "sinks[0].filter: at column 1: unknown field severty (known: severity, component, namespace, ray_cluster,"
                + " node_type, pod, container, node, session, file, job_id, submission_id, worker_id, node_id, actor_id, actor_name, task_id, task_name, request_id,"
                + " application, deployment, replica, message, labels.<key>), got severty"),
        of("filter with a bad regular expression", http + "    filter: 'message matches \"[unclosed\"'\n",
            "sinks[0].filter: at column 17: not a regular expression: Unclosed character class near index 8 in"
                + " '[unclosed'"),
        of("filter on a file sink", "  - {name: out, type: file, path: /x, filter: 'severity >> ERROR'}\n",
            "sinks[0].filter: at column 11: expected a value, got >"),
        of("tls on http", http + "    tls_ca_file: /ca.pem\n", "sinks[0].tls_ca_file: TLS settings need an https:// url"),
        of("cert without key", https + "    tls_cert_file: /c.pem\n", "sinks[0].tls_key_file: required with tls_cert_file"),
        of("user without password", http + "    basic_user: u\n",
            "sinks[0].basic_password: required with basic_user (or basic_password_file)"),
        of("password and password file", http + "    basic_user: u\n    basic_password: p\n    basic_password_file: /p\n",
            "sinks[0].basic_password_file: set either basic_password or basic_password_file, not both"),
        of("basic and bearer", http + "    basic_user: u\n    basic_password: p\n    bearer_token: t\n",
            "sinks[0].basic_user: basic and bearer authentication exclude each other"),
        of("authorization header beside bearer", http + "    bearer_token: t\n    headers: {Authorization: x}\n",
            "sinks[0].headers.Authorization: conflicts with the basic or bearer authentication set for this sink"),
        of("bad header name", http + "    headers: {'Bad Header': x}\n", "sinks[0].headers.Bad Header: not a valid header name"),
        of("backoff order", http + "    retry_initial_backoff: 1m\n    retry_max_backoff: 1s\n",
            "sinks[0].retry_initial_backoff: must not exceed retry_max_backoff (1s)"),
        of("in flight zero", http + "    max_in_flight: 0\n", "sinks[0].max_in_flight: must be between 1 and 256, got 0"),
        of("loki protobuf with gzip", "  - {name: l, type: loki, url: 'http://l/', compression: gzip}\n",
            "sinks[0].compression: the protobuf format is always snappy-compressed; compression applies to format json only"),
        of("loki unknown label", "  - {name: l, type: loki, url: 'http://l/', labels: [pod, message]}\n",
            "sinks[0].labels[1]: expected one of namespace, ray_cluster, node_type, component, node, pod, container,"
                + " session, severity, got \"message\""),
        of("otlp grpc with json", "  - {name: o, type: otlp, url: 'http://o:4317', protocol: grpc, format: json}\n",
            "sinks[0].format: must be protobuf with protocol: grpc (gRPC carries protobuf only)"),
        of("otlp unknown protocol", "  - {name: o, type: otlp, url: 'http://o:4317', protocol: grcp}\n",
            "sinks[0].protocol: expected one of http, grpc, got \"grcp\""),
        of("aws service without a region", "  - {name: e, type: elasticsearch, url: 'https://e/', aws_service: aoss}\n",
            "sinks[0].aws_service: needs aws_region"),
        of("aws signature and a bearer token",
            "  - {name: e, type: elasticsearch, url: 'https://e/', aws_region: us-east-1, bearer_token: t}\n",
            "sinks[0].aws_region: AWS Signature Version 4 replaces basic and bearer authentication; set one of them"),
        of("aws region misspelt", "  - {name: e, type: elasticsearch, url: 'https://e/', aws_region: US-EAST-1}\n",
            "sinks[0].aws_region: must be an AWS region such as us-east-1, got \"US-EAST-1\""),
        of("es with zstd", "  - {name: e, type: elasticsearch, url: 'http://e/', compression: zstd}\n",
            "sinks[0].compression: Elasticsearch does not accept zstd; use gzip"),
        of("es index with capitals", "  - {name: e, type: elasticsearch, url: 'http://e/', index: Logs}\n",
            "sinks[0].index: must be a lowercase index name; `%Y`, `%m`, `%d` and `%H` stand for the record's UTC year,"
                + " month, day and hour, `{field}` for a record field, got \"Logs\""),
        of("es index of an unknown field", "  - {name: e, type: elasticsearch, url: 'http://e/', index: 'ray-{tenant}'}\n",
            "sinks[0].index: unknown field tenant (known: severity, component, namespace, ray_cluster, node_type, pod,"
                + " container, node, session, file, job_id, submission_id, worker_id, node_id, actor_id, actor_name,"
                + " task_id, task_name, request_id, application, deployment, replica, labels.<key>) in {tenant}"),
        of("es index with an open brace", "  - {name: e, type: elasticsearch, url: 'http://e/', index: 'ray-{ns'}\n",
            "sinks[0].index: must be a lowercase index name; `%Y`, `%m`, `%d` and `%H` stand for the record's UTC year,"
                + " month, day and hour, `{field}` for a record field, got \"ray-{ns\""),
        of("data stream with a date", "  - {name: e, type: elasticsearch, url: 'http://e/', data_stream: true}\n",
            "sinks[0].index: a data stream's name cannot hold a date pattern; Elasticsearch rolls its backing indices"),
        of("dead letters on a sink's file", "  - {name: out, type: file, path: /x/out}\n" + http
                .replace("name: web", "name: web2").replace("  - ", "  - ") + "    dead_letter_path: /x/out\n",
            "sinks[1].dead_letter_path: sinks[0] already writes /x/out"));
  }

  private static Arguments of(String name, String sinks, String... problems) {
    return Arguments.of(name, DISCOVERY + sinks, List.of(problems));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("problems")
  void reportsExactlyTheProblem(String name, String yaml, List<String> expected) {
    assertThat(files.problems(yaml)).containsExactlyElementsOf(expected);
  }

  @Test
  void aProblemNeverQuotesASecret() {
    List<String> problems = files.problems(DISCOVERY
        + "  - {name: web, type: http, url: 'http://h/', bearer_token: 'line\\nbreak-s3cret', basic_user: u}\n");
    assertThat(String.join("\n", problems)).doesNotContain("s3cret");
  }
}
