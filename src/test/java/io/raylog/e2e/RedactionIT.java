package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The built jar on a Ray session whose lines carry secrets the way Ray prints them (the raylet's worker environment,
 * the runtime env agent's runtime_env, a JSON log line's fields): the file sink's output holds markers, never a
 * secret, every line valid JSON; {@code /metrics} counts each rule's matches. A bad user rule stops the start with its
 * key path.
 */
class RedactionIT {
  private static final List<String> SECRETS = List.of("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567", "hunter2", "s3cr3tP4ss", "MIIEowIBAAKCAQEA7", "T-4711");

  @TempDir Path dir;

  @Test
  void noSecretReachesTheSinkAndEveryMatchIsCounted() throws Exception {
    Path root = dir.resolve("ray");
    Path logs = Files.createDirectories(root.resolve("session_2026-11-25_10-00-00_123456_1/logs"));
    Files.writeString(logs.resolve("raylet.out"), """
        [2026-11-25 10:00:03,230 I 112 112] (raylet) worker_pool.cc:668: Starting worker process with command: python \
        default_worker.py --startup-token=0, and the envs: RAY_JOB_ID:01000000, \
        AWS_ACCESS_KEY_ID:AKIAIOSFODNN7EXAMPLE, AWS_SECRET_ACCESS_KEY:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY.
        [2026-11-25 10:00:03,231 I 112 112] (raylet) worker_pool.cc:700: Started worker process with pid 200, the token is 0
        """);
    Files.writeString(logs.resolve("runtime_env_agent.log"), """
        2026-11-25 10:00:04,001\tINFO runtime_env_agent.py:345 -- Creating runtime env: {"env_vars": {"HF_TOKEN": \
        "hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567", "DB_PASSWORD": "hunter2", "SSH_KEY": "-----BEGIN RSA PRIVATE \
        KEY-----\\nMIIEowIBAAKCAQEA7\\n-----END RSA PRIVATE KEY-----"}, "working_dir": "s3://bucket/app.zip"}
        """);
    String worker = "worker-83163f1496a54353d35b04a8c37e492496f627df4beed99d98d5b6f0-01000000-248";
    Files.writeString(logs.resolve(worker + ".err"), """
        {"asctime": "2026-11-25 10:02:14,690", "levelname": "INFO", "message": "connected to \
        redis://default:s3cr3tP4ss@redis:6379", "job_id": "01000000", "api_password": "hunter2", "ticket": "T-4711"}
        """);
    Files.writeString(logs.resolve(worker + ".out"), "processing ticket T-4711\n");
    Path output = dir.resolve("out.ndjson");
    Path config = Configs.write(dir, Configs.staticRoots(dir, root), """
        parse:
          multiline_timeout: 100ms
        redact:
          disable: [jwt]
          rules:
            - name: ticket
              pattern: "T-[0-9]+"
              components: [worker]
        shutdown_timeout: 5s
        sinks:
        """, Configs.fileSink("archive", output), Configs.SERVED_ON_A_FREE_PORT);
    try (RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
      int port = ServedRaylog.awaitPort(raylog);
      NdjsonFile out = new NdjsonFile(output);
      await().atMost(Duration.ofSeconds(30)).until(() -> out.poll().size() == 5); // each line valid JSON

      String written = Files.readString(output);
      for (String secret : SECRETS) {
        assertThat(written).as("no sink gets " + secret).doesNotContain(secret);
      }
      assertThat(written).contains("AWS_ACCESS_KEY_ID:[REDACTED:aws_access_key_id]",
          "AWS_SECRET_ACCESS_KEY:[REDACTED:aws_secret_key]", "\\\"HF_TOKEN\\\": \\\"[REDACTED:huggingface_token]\\\"",
          "-----BEGIN RSA PRIVATE KEY-----[REDACTED:private_key]-----END RSA PRIVATE KEY-----",
          "redis://default:[REDACTED:url_password]@redis:6379", "processing ticket [REDACTED:ticket]",
          "--startup-token=0", "the token is 0", "s3://bucket/app.zip");
      JsonNode json = out.poll().stream().filter(r -> r.has("attributes")).findFirst().orElseThrow();
      assertThat(json.get("attributes").get("api_password").asString()).isEqualTo("[REDACTED:secret_assignment]");
      assertThat(json.get("attributes").get("ticket").asString()).isEqualTo("[REDACTED:ticket]");
      assertThat(json.get("ray").get("job_id").asString()).isEqualTo("01000000");

      String scrape = Scrapes.scrape(port);
      assertThat(Scrapes.sum(scrape, "raylog_redactions_total{rule=\"aws_access_key_id\"}")).isEqualTo(1);
      assertThat(Scrapes.sum(scrape, "raylog_redactions_total{rule=\"aws_secret_key\"}")).isEqualTo(1);
      assertThat(Scrapes.sum(scrape, "raylog_redactions_total{rule=\"huggingface_token\"}")).isEqualTo(1);
      assertThat(Scrapes.sum(scrape, "raylog_redactions_total{rule=\"private_key\"}")).isEqualTo(1);
      assertThat(Scrapes.sum(scrape, "raylog_redactions_total{rule=\"url_password\"}")).isEqualTo(1);
      assertThat(Scrapes.sum(scrape, "raylog_redactions_total{rule=\"secret_assignment\"}")).isEqualTo(2);
      assertThat(Scrapes.sum(scrape, "raylog_redactions_total{rule=\"ticket\"}")).isEqualTo(2);
      assertThat(Scrapes.sum(scrape, "raylog_redactions_total{rule=\"bearer_token\"}")).as("registered at 0").isZero();
      assertThat(scrape).contains("raylog_redactions_total{rule=\"bearer_token\"}")
          .doesNotContain("rule=\"jwt\"");
      assertThat(raylog.terminate(30)).isIn(0, 143);
    }
  }

  /** Redaction runs on the parse thread, which raylog starts for it when lines are not parsed. */
  @Test
  void unparsedLinesAreRedactedToo() throws Exception {
    Path root = dir.resolve("ray");
    Path logs = Files.createDirectories(root.resolve("session_2026-11-25_10-00-00_123456_1/logs"));
    Files.writeString(logs.resolve("raylet.out"), "export HF_TOKEN=hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567\n");
    Path output = dir.resolve("out.ndjson");
    Path config = Configs.fileSink(dir, root, output, """
        parse:
          enabled: false
        """);
    try (RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
      NdjsonFile out = new NdjsonFile(output);
      await().atMost(Duration.ofSeconds(30)).until(() -> out.poll().size() == 1);
      assertThat(out.poll().get(0).get("message").asString()).isEqualTo("export HF_TOKEN=[REDACTED:huggingface_token]");
      assertThat(raylog.terminate(30)).isIn(0, 143);
    }
  }

  @Test
  void anInvalidUserRuleStopsTheStartWithItsKeyPath() throws Exception {
    Path config = Configs.write(dir, Configs.staticRoots(dir, dir.resolve("ray")), """
        redact:
          rules:
            - {name: ok, pattern: "x"}
            - {name: broken, pattern: "key=([a-z"}
        sinks:
          - {name: out, type: stdout}
        """);
    RaylogProcess run = RaylogProcess.runToEnd(dir, "run", "--config", config.toString());
    assertThat(run.exitCode()).as(run.stderrText()).isEqualTo(2);
    assertThat(run.stderrText()).contains("redact.rules[1].pattern: not a regular expression: Unclosed character class");
  }
}
