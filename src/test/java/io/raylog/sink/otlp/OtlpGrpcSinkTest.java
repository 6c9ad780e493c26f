package io.raylog.sink.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.raylog.config.Secret;
import io.raylog.config.SinkConfig;
import io.raylog.route.RecordFilter;
import io.raylog.sink.otlp.OtlpGrpcServer.Answer;
import io.raylog.sink.testing.NetworkSinkHarness;
import io.raylog.sink.testing.SinkConfigs;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The otlp sink with {@code protocol: grpc} against a real gRPC server (grpc-java) serving OTLP's LogsService. */
class OtlpGrpcSinkTest {
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> TENANT = Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> ENCODING = Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);

  @TempDir Path dir;
  final List<OtlpGrpcServer> servers = new ArrayList<>();
  NetworkSinkHarness harness;

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
    for (OtlpGrpcServer server : servers) {
      server.close();
    }
  }

  OtlpGrpcServer serve(java.util.function.Function<Integer, Answer> script) throws Exception {
    OtlpGrpcServer server = new OtlpGrpcServer(script);
    servers.add(server);
    return server;
  }

  static OtlpSinkConfig sink(String url, SinkConfig.Compression compression, Optional<Path> caFile) {
    return sink(url, compression, caFile, Duration.ofMillis(800));
  }

  static OtlpSinkConfig sink(String url, SinkConfig.Compression compression, Optional<Path> caFile,
      Duration requestTimeout) {
    SinkConfig.HttpClientSettings base = SinkConfigs.client(compression, requestTimeout);
    SinkConfig.HttpClientSettings client = new SinkConfig.HttpClientSettings(base.connectTimeout(),
        base.requestTimeout(), compression, caFile, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.of(new Secret("s3cret")), Optional.empty(),
        Map.of("X-Scope-OrgID", new Secret("team-a")));
    return new OtlpSinkConfig("otel", RecordFilter.ALL, SinkConfig.Budget.NONE, SinkConfigs.delivery(2, null), client, URI.create(url),
        OtlpSinkConfig.Protocol.GRPC, OtlpSinkConfig.Format.PROTOBUF, "ray");
  }

  List<String> publish(int count) {
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sent.add("message " + i);
      harness.publish("message " + i);
    }
    harness.flush();
    return sent;
  }

  @Test
  void exportsThroughUnavailableAndResourceExhaustedWithItsMetadataAndGzip() throws Exception {
    OtlpGrpcServer server = serve(call -> switch (call) {
      case 0 -> new Answer.Error(Status.UNAVAILABLE.withDescription("collector starting"));
      case 1 -> new Answer.Error(Status.RESOURCE_EXHAUSTED.withDescription("memory limiter"));
      default -> Answer.OK;
    });
    harness = new NetworkSinkHarness(sink("http://127.0.0.1:" + server.port(), SinkConfig.Compression.GZIP,
        Optional.empty()), 20);
    List<String> sent = publish(200);
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.committedOffset() == harness.endOffset());

    assertThat(server.bodies()).containsExactlyInAnyOrderElementsOf(sent);
    assertThat(harness.memoryHeld()).isZero();
    assertThat(harness.counter("raylog_sink_send_failures", "reason", "grpc_unavailable")).isEqualTo(1);
    assertThat(harness.counter("raylog_sink_send_failures", "reason", "grpc_resource_exhausted")).isEqualTo(1);
    assertThat(server.metadata).allSatisfy(headers -> {
      assertThat(headers.get(AUTHORIZATION)).isEqualTo("Bearer s3cret");
      assertThat(headers.get(TENANT)).isEqualTo("team-a");
      assertThat(headers.get(ENCODING)).isEqualTo("gzip");
    });
    ResourceLogs resource = server.accepted.get(0).getResourceLogs(0);
    assertThat(OtlpSinkTest.attributes(resource.getResource().getAttributesList())).containsEntry("service.name", "ray");
  }

  @Test
  void aServerRestartIsRidOutOnANewConnection() throws Exception {
    OtlpGrpcServer first = serve(call -> Answer.OK);
    int port = first.port();
    harness = new NetworkSinkHarness(sink("http://127.0.0.1:" + port, SinkConfig.Compression.NONE,
        Optional.empty()), 10);
    List<String> sent = new ArrayList<>(publish(50));
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.committedOffset() == harness.endOffset());
    first.close();
    for (int i = 50; i < 100; i++) {
      sent.add("message " + i);
      harness.publish("message " + i);
    }
    harness.flush();
    Thread.sleep(500); // sends fail while no server listens
    OtlpGrpcServer second = new OtlpGrpcServer(port, InsecureServerCredentials.create(), call -> Answer.OK);
    servers.add(second);
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.committedOffset() == harness.endOffset());

    List<String> arrived = new ArrayList<>(first.bodies());
    arrived.addAll(second.bodies());
    assertThat(arrived).containsAll(sent);
  }

  @Test
  void invalidArgumentRejectsTheRecordsAndAPartialSuccessCountsThem() throws Exception {
    ExportLogsServiceResponse partial = ExportLogsServiceResponse.newBuilder().setPartialSuccess(
        ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(3).setErrorMessage("too old")).build();
    OtlpGrpcServer server = serve(call -> switch (call) {
      case 0 -> new Answer.Error(Status.INVALID_ARGUMENT.withDescription("bad timestamp"));
      case 1 -> new Answer.Ok(partial);
      default -> Answer.OK;
    });
    harness = new NetworkSinkHarness(sink("http://127.0.0.1:" + server.port(), SinkConfig.Compression.NONE,
        Optional.empty()), 10);
    publish(30);
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.committedOffset() == harness.endOffset());

    assertThat(harness.counter("raylog_sink_records_rejected", "reason", "grpc_invalid_argument"))
        .isEqualTo(10);
    assertThat(harness.counter("raylog_sink_records_rejected", "reason", "otlp_partial_success")).isEqualTo(3);
    assertThat(server.bodies()).hasSize(20);
  }

  @Test
  void speaksHttp2OverTlsWithAlpnToAServerOfAPrivateCa() throws Exception {
    Instant now = Instant.now();
    CertificateBuilder base = new CertificateBuilder().notBefore(now.minus(1, ChronoUnit.DAYS))
        .notAfter(now.plus(1, ChronoUnit.DAYS)).ecp256();
    X509Bundle ca = base.copy().subject("CN=raylog test CA").setIsCertificateAuthority(true).buildSelfSigned();
    X509Bundle cert = base.copy().subject("CN=localhost").addSanIpAddress("127.0.0.1").buildIssuedBy(ca);
    Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.getCertificatePEM());
    Path certFile = Files.writeString(dir.resolve("server.pem"), cert.getCertificatePathPEM());
    Path keyFile = Files.writeString(dir.resolve("server.key"), cert.getPrivateKeyPEM());
    OtlpGrpcServer server = new OtlpGrpcServer(0, TlsServerCredentials.create(certFile.toFile(), keyFile.toFile()),
        call -> Answer.OK);
    servers.add(server);
    // A generous timeout: the first TLS handshake of a cold JVM takes over a second on a loaded machine, and a call
    // timed out after the server took it is sent again (at least once), which is not what this test is about.
    harness = new NetworkSinkHarness(sink("https://127.0.0.1:" + server.port(), SinkConfig.Compression.NONE,
        Optional.of(caFile), Duration.ofSeconds(15)), 10);
    List<String> sent = publish(25);
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.committedOffset() == harness.endOffset());
    assertThat(server.bodies()).containsExactlyInAnyOrderElementsOf(sent);
  }
}
