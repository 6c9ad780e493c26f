package io.raylog.redact;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.parse.RayFileNames;
import io.raylog.record.FileProgress;
import io.raylog.record.LogRecord;
import io.raylog.record.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in rule on the shapes it is for (the lines Ray prints of {@code runtime_env} variables, command lines and
 * client errors), and ordinary Ray lines that no rule may touch. The secrets are fakes of the real shapes (AWS's own
 * documentation keys and the like).
 */
class BuiltinRulesTest {
  static final SourceFile RAYLET = new SourceFile(ParsedRecords.SESSION, "raylet.out",
      RayFileNames.classify("raylet.out"), "/tmp/ray/" + ParsedRecords.SESSION + "/logs/raylet.out");

  /** A line as a record's message, redacted by the default rules; the rules that matched, once per match. */
  static String redacted(String line, List<String> matched) {
    Redactor redactor = Redactor.of(List.of(), List.of(), new RedactEvents() {
      @Override
      public void redacted(String rule, int matches) {
        for (int i = 0; i < matches; i++) {
          matched.add(rule);
        }
      }
    });
    LogRecord record = LogRecord.of(RAYLET, new FileProgress(1, 0), 0, line.length(), 0, LogRecord.UNKNOWN_TIME, line,
        false);
    record.redact(redactor);
    return record.message();
  }

  static Stream<Arguments> secrets() {
    return Stream.of(
        // rule, line, redacted line
        Arguments.of("aws_access_key_id", "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
            "export AWS_ACCESS_KEY_ID=[REDACTED:aws_access_key_id]"),
        Arguments.of("aws_access_key_id", "{'aws_access_key_id': 'ASIAY34FZKBOKMUTVV7A'}",
            "{'aws_access_key_id': '[REDACTED:aws_access_key_id]'}"),
        Arguments.of("aws_secret_key", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "AWS_SECRET_ACCESS_KEY=[REDACTED:aws_secret_key]"),
        Arguments.of("aws_secret_key", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "aws_secret_access_key = [REDACTED:aws_secret_key]"),
        Arguments.of("google_api_key", "GOOGLE_API_KEY=AIzaSyD-1234567890abcdefghijklmnopqrstu",
            "GOOGLE_API_KEY=[REDACTED:google_api_key]"),
        Arguments.of("azure_storage_key",
            "conn=DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;EndpointSuffix=core.windows.net",
            "conn=DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=[REDACTED:azure_storage_key];EndpointSuffix=core.windows.net"),
        Arguments.of("github_token", "git clone https://x:ghp_16C7e42F292c6912E7710c838347Ae178B4a@github.com/o/r",
            "git clone https://x:[REDACTED:github_token]@github.com/o/r"),
        Arguments.of("github_token", "GH=github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
            "GH=[REDACTED:github_token]"),
        Arguments.of("gitlab_token", "CI_TOKEN glpat-Ab1Cd2Ef3Gh4Ij5Kl6Mn in use",
            "CI_TOKEN [REDACTED:gitlab_token] in use"),
        Arguments.of("slack_token", "slack client xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx ready",
            "slack client [REDACTED:slack_token] ready"),
        Arguments.of("huggingface_token", "HF_TOKEN=hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567",
            "HF_TOKEN=[REDACTED:huggingface_token]"),
        Arguments.of("jwt",
            "session eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "session [REDACTED:jwt]"),
        Arguments.of("bearer_token", "request headers: {'Authorization': 'Bearer 8f14e45fceea167a5a36dedd4bea2543'}",
            "request headers: {'Authorization': 'Bearer [REDACTED:bearer_token]'}"),
        Arguments.of("bearer_token", "Authorization: Bearer ya29.a0AfH6SMBx-token_value",
            "Authorization: Bearer [REDACTED:bearer_token]"),
        Arguments.of("basic_auth", "Authorization: Basic dXNlcjpwYXNzd29yZA==", "Authorization: Basic [REDACTED:basic_auth]"),
        Arguments.of("private_key",
            "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\nq1w2e3r4\n-----END RSA PRIVATE KEY-----\nloaded",
            "key:\n-----BEGIN RSA PRIVATE KEY-----[REDACTED:private_key]-----END RSA PRIVATE KEY-----\nloaded"),
        Arguments.of("private_key",
            "{\"SSH_KEY\": \"-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXk\\n-----END OPENSSH PRIVATE KEY-----\\n\"}",
            "{\"SSH_KEY\": \"-----BEGIN OPENSSH PRIVATE KEY-----[REDACTED:private_key]-----END OPENSSH PRIVATE KEY-----\\n\"}"),
        Arguments.of("private_key", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq (cut short)",
            "-----BEGIN PRIVATE KEY-----[REDACTED:private_key]"),
        Arguments.of("url_password", "connecting to redis://default:s3cr3tP4ss@redis-master:6379/0",
            "connecting to redis://default:[REDACTED:url_password]@redis-master:6379/0"),
        Arguments.of("url_password", "DATABASE_URL=postgresql://:pw@db/app", "DATABASE_URL=postgresql://:[REDACTED:url_password]@db/app"),
        Arguments.of("secret_assignment", "python train.py --password=hunter2 --epochs 3",
            "python train.py --password=[REDACTED:secret_assignment] --epochs 3"),
        Arguments.of("secret_assignment", "MYAPP_SECRET=abc123", "MYAPP_SECRET=[REDACTED:secret_assignment]"),
        Arguments.of("secret_assignment", "{'db_password': 'hunter2 with spaces', 'user': 'ray'}",
            "{'db_password': '[REDACTED:secret_assignment]', 'user': 'ray'}"),
        Arguments.of("secret_assignment", "{\"WANDB_API_KEY\": \"0123456789abcdef\"}",
            "{\"WANDB_API_KEY\": \"[REDACTED:secret_assignment]\"}"),
        Arguments.of("secret_assignment", "--runtime-env-json={\\\"env_vars\\\": {\\\"API_TOKEN\\\": \\\"t0k3n\\\"}}",
            "--runtime-env-json={\\\"env_vars\\\": {\\\"API_TOKEN\\\": \\\"[REDACTED:secret_assignment]\\\"}}"),
        Arguments.of("secret_assignment", "GET https://h/p?access_token=abc123&page=2",
            "GET https://h/p?access_token=[REDACTED:secret_assignment]&page=2"),
        Arguments.of("secret_assignment", "client_secret = \"s p a c e\"", "client_secret = \"[REDACTED:secret_assignment]\""),
        Arguments.of("secret_assignment", "and the envs: RAY_JOB_ID:01000000, WANDB_API_KEY:0123abcd, RAY_LOG_TO_DRIVER:1.",
            "and the envs: RAY_JOB_ID:01000000, WANDB_API_KEY:[REDACTED:secret_assignment], RAY_LOG_TO_DRIVER:1."),
        Arguments.of("aws_secret_key", "envs: AWS_SECRET_ACCESS_KEY:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, X:1",
            "envs: AWS_SECRET_ACCESS_KEY:[REDACTED:aws_secret_key], X:1"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("secrets")
  void eachRuleReplacesTheSecretAndKeepsTheRest(String rule, String line, String expected) {
    List<String> matched = new ArrayList<>();
    assertThat(redacted(line, matched)).isEqualTo(expected);
    assertThat(matched).as("one match, of the most precise rule").containsExactly(rule);
  }

  /** A runtime_env as the runtime env agent logs it: every secret of it, each by its own rule, counted once. */
  @ParameterizedTest
  @MethodSource("runtimeEnvLines")
  void aRuntimeEnvLineLosesEverySecret(String line) {
    List<String> matched = new ArrayList<>();
    String out = redacted(line, matched);
    assertThat(out).doesNotContain("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI", "hf_AbCdEf", "hunter2", "s3cr3t")
        .contains("'AWS_ACCESS_KEY_ID': '[REDACTED:aws_access_key_id]'",
            "'AWS_SECRET_ACCESS_KEY': '[REDACTED:aws_secret_key]'", "'HF_TOKEN': '[REDACTED:huggingface_token]'",
            "'DB_PASSWORD': '[REDACTED:secret_assignment]'", "'pip': ['torch']", "'working_dir': 's3://bucket/app.zip'");
    assertThat(matched).containsExactlyInAnyOrder("aws_access_key_id", "aws_secret_key", "huggingface_token",
        "secret_assignment");
  }

  static Stream<String> runtimeEnvLines() {
    String env = "{'env_vars': {'AWS_ACCESS_KEY_ID': 'AKIAIOSFODNN7EXAMPLE', 'AWS_SECRET_ACCESS_KEY':"
        + " 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'HF_TOKEN': 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567',"
        + " 'DB_PASSWORD': 'hunter2'}, 'pip': ['torch'], 'working_dir': 's3://bucket/app.zip'}";
    return Stream.of(
        "2026-11-25 10:00:00,123\tINFO runtime_env_agent.py:345 -- Got request from raylet to increase reference"
            + " for runtime env: " + env + ".",
        "[2026-11-25 10:00:00,123 I 1829336 1829336] (raylet) worker_pool.cc:512: runtime_env " + env);
  }

  /** The raylet's "Starting worker process with command: ..., and the envs: NAME:value, ...": Ray's own format. */
  @org.junit.jupiter.api.Test
  void theWorkerEnvironmentTheRayletPrintsLosesItsSecrets() {
    List<String> matched = new ArrayList<>();
    String out = redacted("[2026-11-25 10:00:03,230 I 112 112] (raylet) worker_pool.cc:668: Starting worker process"
        + " with command: python default_worker.py --startup-token=0 --runtime-env-hash=-1490391722, and the envs:"
        + " RAY_JOB_ID:ffffffff, AWS_ACCESS_KEY_ID:AKIAIOSFODNN7EXAMPLE,"
        + " AWS_SECRET_ACCESS_KEY:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, HF_TOKEN:hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567,"
        + " DB_PASSWORD:hunter2, RAY_LOG_TO_DRIVER:1.", matched);
    assertThat(out).endsWith("--startup-token=0 --runtime-env-hash=-1490391722, and the envs: RAY_JOB_ID:ffffffff,"
        + " AWS_ACCESS_KEY_ID:[REDACTED:aws_access_key_id], AWS_SECRET_ACCESS_KEY:[REDACTED:aws_secret_key],"
        + " HF_TOKEN:[REDACTED:huggingface_token], DB_PASSWORD:[REDACTED:secret_assignment], RAY_LOG_TO_DRIVER:1.");
    assertThat(matched).containsExactlyInAnyOrder("aws_access_key_id", "aws_secret_key", "huggingface_token",
        "secret_assignment");
  }

  /** Lines of Ray's own that look a little like secrets and must stay as they are. */
  @ParameterizedTest
  @MethodSource("ordinaryLines")
  void ordinaryRayLinesAreLeftAlone(String line) {
    List<String> matched = new ArrayList<>();
    assertThat(redacted(line, matched)).isEqualTo(line);
    assertThat(matched).isEmpty();
  }

  static Stream<String> ordinaryLines() {
    return Stream.of(
        "[2026-11-25 10:00:00,123 I 1829336 1829336] (raylet) worker_pool.cc:500: Started worker process with pid"
            + " 1829400, the token is 0",
        "job_id=01000000 worker_id=83163f1496a54353d35b04a8c37e492496f627df4beed99d98d5b6f0 task_name=compute",
        "task_id=a966b421fce276daffffffffffffffffffffffff01000000 node_id=fb051b3a21b3d6ae57c4f71cbb51d5f81894f775",
        "View the dashboard at http://127.0.0.1:8265",
        "gcs_address=10.0.0.1:6379 session_dir=/tmp/ray/session_2026-11-25_10-00-00_123456_1",
        "token_count=5 max_tokens=256 num_tokens: 12 tokens_per_s=41.5",
        "Invalid token: expired, refreshing",
        "default_worker.py --node-ip-address=10.0.0.11 --startup-token=0 --runtime-env-hash=-1490391722",
        "and the envs: RAY_NODE_ID:12ba68f46d2c43ff6c2477a6326af839deb628abd4321a607b18096e, RAY_RAYLET_PID:112,"
            + " RAY_JOB_ID:ffffffff, KUBERNETES_SERVICE_HOST:10.96.0.1.",
        "password_file=/etc/ray/pw secret_name=ray-credentials",
        "Downloading hf_hub_download(repo_id='gpt2') from https://huggingface.co/gpt2/resolve/main/config.json",
        "Tokenizer loaded; AccessKeyError raised by boto is retried",
        "s3://my-bucket/checkpoints/epoch=3/ and gs://b/p",
        "Traceback (most recent call last):\n  File \"/app/train.py\", line 12, in <module>\n    raise ValueError(x)");
  }
}
