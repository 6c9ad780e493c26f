package io.raylog.redact;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The secret shapes raylog redacts unless told not to, in the order they run: precise shapes first (a token whose
 * prefix says what it is), the generic {@code key=value} rule last, so that a line gets the most telling marker and a
 * value is not redacted twice (no rule matches a marker). Each rule names the literals (any case) a text must hold
 * for its expression to run: most lines hold none, and cost one scan ({@link LiteralScan}).
 *
 * <p>Every rule's match starts with one of its literals: the redactor tries a rule only where the scan found one.
 *
 * <p>The table is the documentation's too: {@code docs/how-it-works.md} lists the names and shapes.
 */
public final class BuiltinRules {
  private BuiltinRules() {}

  /** The name of the generic rule, which also redacts the values of fields whose key names a secret. */
  public static final String SECRET_ASSIGNMENT = "secret_assignment";

  /** Between a key and its value: {@code =}, or a {@code :} after a quoted key (dicts, JSON), maybe escaped. */
  private static final String SEPARATOR = "(?:\\s*=\\s*|\\\\?[\"']\\s*:\\s*)";
  /** An optional opening quote, maybe escaped (JSON printed inside a string). */
  private static final String QUOTE = "(?:\\\\?[\"'])?";
  /** Key names that say their value is a secret; they end the key ({@code token_count} is not one). */
  private static final String SECRET_WORDS =
      "(?:password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)";

  /** The same in an environment variable's name, which Ray prints as {@code NAME:value} ("and the envs: ..."). */
  private static final String ENV_SECRET_WORDS =
      "(?:PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)";

  /** A field key naming a secret: the whole value of such a field is redacted ({@link #SECRET_ASSIGNMENT}). */
  static final Pattern SECRET_KEY_NAME = Pattern.compile("(?i).*" + SECRET_WORDS);

  public static final List<RedactRule> ALL = List.of(
      // -----BEGIN RSA PRIVATE KEY----- ... -----END RSA PRIVATE KEY-----: the body, over the lines of a multi-line
      // record or the \n escapes of one line; to the end of the text when the end line is not in the same record.
      RedactRule.builtIn("private_key",
          "-----BEGIN[A-Z0-9 ]{0,40} PRIVATE KEY-----((?:(?!-----END)[\\s\\S])+?)"
              + "(?=-----END[A-Z0-9 ]{0,40} PRIVATE KEY-----|\\z)",
          "-----begin"),
      // AKIA... (long-term) and ASIA... (temporary) access key ids.
      RedactRule.builtIn("aws_access_key_id", "\\b((?:AKIA|ASIA)[A-Z0-9]{16})\\b", "akia", "asia"),
      // aws_secret_access_key = <40 characters of base64>, as the AWS CLI's files, env vars and boto print it.
      RedactRule.builtIn("aws_secret_key",
          "(?i)(?:secret_access_key|secretaccesskey)" + SEPARATOR.replace("\\s*=\\s*", "\\s*[=:]\\s*") + QUOTE
              + "([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])",
          LiteralGuard.ASSIGNMENT, "secret_access_key", "secretaccesskey"),
      RedactRule.builtIn("google_api_key", "\\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])", "aiza"),
      // An Azure storage connection string's AccountKey=<base64>.
      RedactRule.builtIn("azure_storage_key", "(?i)\\bAccountKey=([A-Za-z0-9+/]{20,}={0,2})", "accountkey"),
      RedactRule.builtIn("github_token",
          "\\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\\b",
          "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
      RedactRule.builtIn("gitlab_token", "\\b(glpat-[A-Za-z0-9_-]{20,})", "glpat-"),
      RedactRule.builtIn("slack_token", "\\b(xox[abposr]-[A-Za-z0-9-]{10,})", "xox"),
      // hf_ and at least 30 letters and digits: not hf_hub_download.
      RedactRule.builtIn("huggingface_token", "\\b(hf_[A-Za-z0-9]{30,})\\b", "hf_"),
      // A JSON web token: three base64url parts, the first two JSON objects ({"... is eyJ).
      RedactRule.builtIn("jwt", "\\b(eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,})", "eyj"),
      // scheme://user:password@host: the user stays. After the token rules, so that a
      // token used as a password gets their marker.
      RedactRule.builtIn("url_password",
          "(?<=[A-Za-z0-9+.-])://[^\\s:/?#@'\"\\[\\]]*:([^\\s/?#@'\"\\[\\]]+)@",
          LiteralGuard.URL_CREDENTIALS, "://"),
      // Authorization: Bearer <token>, and bearer tokens wherever a client prints them.
      RedactRule.builtIn("bearer_token", "(?i)\\bbearer\\s+([A-Za-z0-9._~+/-]{8,}=*)", LiteralGuard.SPACE,
          "bearer"),
      RedactRule.builtIn("basic_auth",
          "(?i)\\bauthorization" + SEPARATOR.replace("\\s*=\\s*", "\\s*[=:]\\s*") + QUOTE
              + "basic\\s+([A-Za-z0-9+/]{8,}={0,2})",
          LiteralGuard.ASSIGNMENT, "authorization"),
      // password=..., FOO_SECRET=..., api_key: "...", 'token': '...', and FOO_TOKEN:value as Ray prints a worker's
      // environment: the value after a key that names a secret. Not a value that is already a marker, not prose
      // ("token: expired" has neither a quoted key nor an environment variable's), not Ray's --startup-token=<n>.
      RedactRule.builtIn(SECRET_ASSIGNMENT,
          "(?:(?i:(?<!startup[-_])" + SECRET_WORDS + ")" + SEPARATOR + "|(?<![a-z])" + ENV_SECRET_WORDS
              + ":(?=[^\\s/]))" + "(?!\\\\?[\"']?\\[REDACTED:)"
              + "(?:\\\\?\"([^\"\\\\\\n]+)\\\\?\"|'([^'\\n]+)'|([^\\s\"',;&)}\\]]+))",
          LiteralGuard.ASSIGNMENT, "password", "passwd", "passphrase", "secret", "token", "api_key", "apikey", "api-key",
          "access_key",          "accesskey", "access-key", "private_key", "privatekey", "private-key", "credential"));

  public static List<String> names() {
    return ALL.stream().map(RedactRule::name).toList();
  }
}
