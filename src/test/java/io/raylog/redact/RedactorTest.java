package io.raylog.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raylog.record.LogRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The redactor on parsed records: fields as well as messages, user rules and their scope, disabled rules, and records
 * that stay valid UTF-8 and valid JSON. The built-in rules' shapes are {@link BuiltinRulesTest}'s.
 */
class RedactorTest {
  private static final Path SESSIONS = Path.of(System.getProperty("basedir", "."), "test-fixtures", "ray");
  private static final String JSON_FILE = "worker-83163f1496a54353d35b04a8c37e492496f627df4beed99d98d5b6f0-01000000-248.err";

  private final Map<String, Integer> counted = new HashMap<>();
  private final RedactEvents events = new RedactEvents() {
    @Override
    public void redacted(String rule, int matches) {
      counted.merge(rule, matches, Integer::sum);
    }
  };

  private JsonNode redacted(Redactor redactor, String file, String line) {
    List<LogRecord> records = ParsedRecords.of(file, line + "\n");
    assertThat(records).hasSize(1);
    records.get(0).redact(redactor);
    return ParsedRecords.json(records.get(0));
  }

  @Test
  void everyStringFieldOfAJsonLineIsRedactedAndTheRecordStaysValidJson() {
    String line = "{\"asctime\": \"2026-11-25 10:02:14,690\", \"levelname\": \"INFO\", \"message\": \"connecting with"
        + " password=hunter2\", \"job_id\": \"01000000\", \"db_password\": \"p\\\"w\\\\1\", \"url\":"
        + " \"redis://u:s3cr3t@redis:6379\", \"config\": {\"api_key\": \"k-123\", \"nested\": [\"AKIAIOSFODNN7EXAMPLE\","
        + " 42]}, \"tokens\": 17, \"token_count\": \"5\", \"task_name\": \"compute\"}";
    JsonNode record = redacted(Redactor.of(List.of(), List.of(), events), JSON_FILE, line);

    assertThat(record.get("message").asString()).isEqualTo("connecting with password=[REDACTED:secret_assignment]");
    JsonNode attributes = record.get("attributes");
    assertThat(attributes.get("db_password").asString()).isEqualTo("[REDACTED:secret_assignment]");
    assertThat(attributes.get("url").asString()).isEqualTo("redis://u:[REDACTED:url_password]@redis:6379");
    assertThat(attributes.get("config").get("api_key").asString()).isEqualTo("[REDACTED:secret_assignment]");
    assertThat(attributes.get("config").get("nested").get(0).asString()).isEqualTo("[REDACTED:aws_access_key_id]");
    assertThat(attributes.get("config").get("nested").get(1).asInt()).isEqualTo(42);
    assertThat(attributes.get("tokens").asInt()).isEqualTo(17);
    assertThat(attributes.get("token_count").asString()).isEqualTo("5");
    assertThat(record.get("ray").get("job_id").asString()).isEqualTo("01000000");
    assertThat(record.get("ray").get("task_name").asString()).isEqualTo("compute");
    assertThat(record.toString()).doesNotContain("hunter2", "s3cr3t", "k-123", "AKIAIOSFODNN7EXAMPLE", "p\\\"w");
    assertThat(counted).containsExactlyInAnyOrderEntriesOf(
        Map.of("secret_assignment", 3, "url_password", 1, "aws_access_key_id", 1));
  }

  @Test
  void aRecordWithoutSecretsIsLeftAsItWasNotCopied() {
    List<LogRecord> records = ParsedRecords.of(JSON_FILE,
        "{\"asctime\": \"2026-11-25 10:02:14,690\", \"levelname\": \"INFO\", \"message\": \"processing shard 1\","
            + " \"job_id\": \"01000000\", \"shard\": 1}\n");
    String before = ParsedRecords.ndjson(records.get(0));
    records.get(0).redact(Redactor.of(List.of(), List.of(), events));
    assertThat(ParsedRecords.ndjson(records.get(0))).isEqualTo(before);
    assertThat(counted).isEmpty();
  }

  @Test
  void nonAsciiTextAroundASecretStaysValidUtf8() throws java.nio.charset.CharacterCodingException {
    String line = "[2026-11-25 10:00:00,123 I 1 1] (raylet) x.cc:1: Grüße 🙂 token=🙂geheim✓ und weiter ✓";
    List<LogRecord> records = ParsedRecords.of("raylet.out", line + "\n");
    records.get(0).redact(Redactor.of(List.of(), List.of(), events));
    byte[] encoded = ParsedRecords.ndjson(records.get(0)).getBytes(StandardCharsets.UTF_8);
    assertThat(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(encoded)).toString())
        .contains("Grüße 🙂 token=[REDACTED:secret_assignment] und weiter ✓");
  }

  @Test
  void aDisabledRuleDoesNotRunAndTheGenericRuleStillCatchesTheAssignment() {
    Redactor redactor = Redactor.of(List.of("huggingface_token", "url_password"), List.of(), events);
    assertThat(redactor.ruleNames()).doesNotContain("huggingface_token", "url_password").contains("jwt");
    JsonNode record = redacted(redactor, "raylet.out",
        "[2026-11-25 10:00:00,123 I 1 1] (raylet) x.cc:1: HF_TOKEN=hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567"
            + " model hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567 at redis://u:pw@h");
    assertThat(record.get("message").asString())
        .isEqualTo("HF_TOKEN=[REDACTED:secret_assignment] model hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567 at redis://u:pw@h");
  }

  @Test
  void anUnknownBuiltInNameIsRefused() {
    assertThatThrownBy(() -> Redactor.of(List.of("aws"), List.of(), events))
        .hasMessageContaining("no built-in redaction rule is named aws");
  }

  @Test
  void aUserRuleReplacesItsGroupOnlyInItsScope() {
    RedactRule ticket = RedactRule.user("ticket", "ticket=(T-[0-9]+)", 1,
        RuleScope.of(List.of("raylet"), List.of()));
    RedactRule anywhere = RedactRule.user("employee", "E[0-9]{6}", 0, RuleScope.of(List.of(), List.of()));
    RedactRule workerOut = RedactRule.user("order", "order [0-9]+", 0,
        RuleScope.of(List.of(), List.of("worker-*.out")));
    Redactor redactor = Redactor.of(List.of(), List.of(ticket, anywhere, workerOut), events);
    String text = "ticket=T-123 by E123456 for order 77";

    assertThat(redacted(redactor, "raylet.out", "[2026-11-25 10:00:00,123 I 1 1] (raylet) x.cc:1: " + text)
        .get("message").asString()).isEqualTo("ticket=[REDACTED:ticket] by [REDACTED:employee] for order 77");
    assertThat(redacted(redactor, "gcs_server.out", "[2026-11-25 10:00:00,123 I 1 1] x.cc:1: " + text)
        .get("message").asString()).isEqualTo("ticket=T-123 by [REDACTED:employee] for order 77");
    String worker = "worker-83163f1496a54353d35b04a8c37e492496f627df4beed99d98d5b6f0-01000000-248.out";
    assertThat(redacted(redactor, worker, text).get("message").asString())
        .isEqualTo("ticket=T-123 by [REDACTED:employee] for [REDACTED:order]");
    assertThat(redacted(redactor, "old/" + worker, text).get("message").asString())
        .as("a glob without / matches the file's name, in logs/old/ too")
        .isEqualTo("ticket=T-123 by [REDACTED:employee] for [REDACTED:order]");
    assertThat(counted).containsEntry("ticket", 1).containsEntry("employee", 4).containsEntry("order", 2);
  }

  @Test
  void aUserGroupBeyondThePatternsIsRefused() {
    assertThatThrownBy(() -> RedactRule.user("t", "a(b)", 2, RuleScope.of(List.of(), List.of())))
        .hasMessageContaining("the pattern has 1 capturing group");
  }

  /**
   * Every record of the bundled Ray sessions (real lines of every Ray component) passes the default rules unchanged:
   * none of Ray's own lines is mistaken for a secret.
   */
  @Test
  void noLineOfTheRealRaySessionsIsRedacted() throws IOException {
    Redactor redactor = Redactor.of(List.of(), List.of(), events);
    int records = 0;
    for (Path file : logFiles()) {
      String relative = file.toString().substring(file.toString().indexOf("/logs/") + "/logs/".length());
      for (LogRecord record : ParsedRecords.of(relative, Files.readString(file, StandardCharsets.ISO_8859_1))) {
        String before = ParsedRecords.ndjson(record);
        record.redact(redactor);
        assertThat(ParsedRecords.ndjson(record)).as(relative).isEqualTo(before);
        records++;
      }
    }
    assertThat(records).isGreaterThan(500);
    assertThat(counted).isEmpty();
  }

  private static List<Path> logFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(SESSIONS)) {
      walk.filter(Files::isRegularFile).filter(p -> p.toString().contains("/logs/")).sorted().forEach(files::add);
    }
    return files;
  }
}
