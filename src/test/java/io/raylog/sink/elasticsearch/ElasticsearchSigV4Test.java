package io.raylog.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raylog.config.SinkConfig;
import io.raylog.route.RecordFilter;
import io.raylog.sink.testing.LoopbackHttpServer;
import io.raylog.sink.testing.LoopbackHttpServer.Reply;
import io.raylog.sink.testing.NetworkSinkHarness;
import io.raylog.sink.testing.SinkConfigs;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The elasticsearch sink with {@code aws_region}: every bulk request is signed with AWS Signature Version 4 that the
 * AWS SDK's signer, on the server's side, finds valid (Amazon OpenSearch Service's check), for a domain ({@code es})
 * and Serverless ({@code aoss}), gzip-compressed; credentials from the SDK's default chain (system properties here,
 * as environment variables or a role would be in a pod).
 */
class ElasticsearchSigV4Test {
  final LoopbackHttpServer server = new LoopbackHttpServer();
  final AwsSigV4Verifier verifier = new AwsSigV4Verifier(server.port());
  final List<String> problems = new CopyOnWriteArrayList<>();
  final Set<String> indexed = ConcurrentHashMap.newKeySet();
  NetworkSinkHarness harness;

  ElasticsearchSigV4Test() throws InterruptedException {}

  @BeforeEach
  void credentials() {
    System.setProperty("aws.accessKeyId", AwsSigV4Verifier.CREDENTIALS.accessKeyId());
    System.setProperty("aws.secretAccessKey", AwsSigV4Verifier.CREDENTIALS.secretAccessKey());
    System.setProperty("aws.sessionToken", AwsSigV4Verifier.CREDENTIALS.sessionToken());
  }

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
    server.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    System.clearProperty("aws.sessionToken");
  }

  @ParameterizedTest
  @EnumSource(ElasticsearchSinkSchema.AwsService.class)
  void signsEveryBulkRequestSoThatTheServiceAcceptsIt(ElasticsearchSinkSchema.AwsService service) throws Exception {
    String name = service.name().toLowerCase(java.util.Locale.ROOT);
    server.respond(request -> {
      String problem = verifier.problem(request, "eu-west-3", name);
      if (problem != null) {
        problems.add(problem);
        return new Reply.Status(403, "{\"message\":\"" + problem + "\"}", Map.of());
      }
      ElasticsearchSinkTest.decodeBulk(request.bodyText()).forEach(d -> indexed.add(d.message()));
      return Reply.ok("{\"errors\":false}");
    });
    harness = new NetworkSinkHarness(new ElasticsearchSinkConfig("aws", RecordFilter.ALL, SinkConfig.Budget.NONE,
        SinkConfigs.delivery(2, null), SinkConfigs.client(SinkConfig.Compression.GZIP, Duration.ofSeconds(5)),
        URI.create(server.url("/")), "raylog-%Y.%m.%d", false, Optional.of("ray"), Optional.of("eu-west-3"),
        service), 10);
    for (int i = 0; i < 50; i++) {
      harness.publish("signed " + i);
    }
    harness.flush();
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.committedOffset() == harness.endOffset());

    assertThat(problems).isEmpty();
    assertThat(indexed).hasSize(50);
    assertThat(server.requests()).hasSizeGreaterThanOrEqualTo(5).allSatisfy(r ->
        assertThat(r.uri()).contains("pipeline=ray").contains("filter_path="));
    LoopbackHttpServer.Request sent = server.requests().get(0);
    byte[] tampered = sent.wire().clone();
    tampered[tampered.length - 1] ^= 1;
    assertThat(verifier.problem(new LoopbackHttpServer.Request(sent.method(), sent.uri(), sent.headers(), sent.body(),
        sent.connection(), tampered), "eu-west-3", name)).isNotNull(); // the check can fail
  }

}
