package io.raylog.sink.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.raylog.config.Secret;
import io.raylog.config.SinkConfig;
import io.raylog.route.RecordFilter;
import io.raylog.sink.testing.LoopbackHttpServer;
import io.raylog.sink.testing.NetworkSinkHarness;
import io.raylog.sink.testing.SinkConfigs;
import io.raylog.sink.webhook.HttpSinkConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS to a server signed by a private CA, with a client certificate (mutual TLS), against a real TLS server. */
class HttpTlsTest {
  @TempDir Path dir;
  X509Bundle ca;
  X509Bundle serverCert;
  X509Bundle clientCert;
  LoopbackHttpServer server;
  NetworkSinkHarness harness;

  @BeforeEach
  void certificates() throws Exception {
    Instant now = Instant.now();
    CertificateBuilder base = new CertificateBuilder().notBefore(now.minus(1, ChronoUnit.DAYS))
        .notAfter(now.plus(1, ChronoUnit.DAYS)).ecp256();
    ca = base.copy().subject("CN=raylog test CA").setIsCertificateAuthority(true).buildSelfSigned();
    serverCert = base.copy().subject("CN=localhost").addSanIpAddress("127.0.0.1").buildIssuedBy(ca);
    clientCert = base.copy().subject("CN=raylog").buildIssuedBy(ca);
    SslContext tls = SslContextBuilder.forServer(serverCert.toKeyManagerFactory())
        .trustManager(ca.toTrustManagerFactory()).clientAuth(ClientAuth.REQUIRE).build();
    server = new LoopbackHttpServer(tls);
  }

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
    server.close();
  }

  HttpSinkConfig sink(Path caFile, Path certFile, Path keyFile) {
    SinkConfig.HttpClientSettings base = SinkConfigs.client();
    SinkConfig.HttpClientSettings client = new SinkConfig.HttpClientSettings(base.connectTimeout(),
        base.requestTimeout(), base.compression(), Optional.ofNullable(caFile), Optional.ofNullable(certFile),
        Optional.ofNullable(keyFile), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(new Secret("t0ken")), Optional.empty(), Map.of());
    return new HttpSinkConfig("tls", RecordFilter.ALL, SinkConfig.Budget.NONE, SinkConfigs.delivery(2, null), client,
        URI.create("https://127.0.0.1:" + server.port() + "/in"), HttpSinkConfig.Format.NDJSON);
  }

  Path write(String name, String pem) throws Exception {
    return Files.writeString(dir.resolve(name), pem);
  }

  @Test
  void deliversOverMutualTlsWithAPrivateCa() throws Exception {
    harness = new NetworkSinkHarness(sink(write("ca.pem", ca.getCertificatePEM()),
        write("client.pem", clientCert.getCertificatePathPEM()), write("client.key", clientCert.getPrivateKeyPEM())), 10);
    harness.publish("over tls");
    harness.flush();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committedOffset() == harness.endOffset());
    assertThat(server.requests()).hasSize(1);
    assertThat(server.requests().get(0).bodyText()).contains("\"message\":\"over tls\"");
    assertThat(server.requests().get(0).headers().get("Authorization")).isEqualTo("Bearer t0ken");
  }

  @Test
  void aServerItCannotVerifyIsRetriedAndNothingIsAcknowledged() throws Exception {
    harness = new NetworkSinkHarness(sink(null, write("client.pem", clientCert.getCertificatePathPEM()),
        write("client.key", clientCert.getPrivateKeyPEM())), 10);
    harness.publish("not trusted");
    harness.flush();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.counter("raylog_sink_send_failures", "reason", "tls") >= 2);
    assertThat(server.requests()).isEmpty();
    assertThat(harness.committedOffset()).isZero();
    assertThat(harness.memoryHeld()).isPositive();
  }
}
