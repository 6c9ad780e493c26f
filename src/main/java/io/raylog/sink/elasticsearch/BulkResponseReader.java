package io.raylog.sink.elasticsearch;

import io.raylog.sink.Outbound;
import io.raylog.sink.SendOutcome;
import io.raylog.sink.http.HttpResult;
import io.raylog.sink.http.ResponseReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a 200 answer of {@code _bulk}: without {@code errors} every record is in; otherwise each item says what
 * became of its record. Items that failed with 429 or 5xx (a full queue, a shard moving) are sent again, only them;
 * other failures (a mapping conflict, a field of the wrong type) will fail again, so they are rejected with the
 * error's type as the reason. A 409 on a {@code create} (issue 19: {@code version_conflict_engine_exception}, a
 * document with that {@code _id} is indexed already: a record sent again after a crash or a lost answer) is
 * delivered: the record is in the index, once. Thread-safe.
 */
public final class BulkResponseReader implements ResponseReader {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int MAX_DETAIL_CHARS = 512;

  @Override
  public SendOutcome accepted(HttpResult.Response response, Outbound sent, long bytes) {
    JsonNode root;
    try {
      root = JSON.readTree(response.body());
    } catch (JacksonException e) {
      return SendOutcome.retry("bad_response", "unreadable _bulk response: " + e.getOriginalMessage());
    }
    if (root == null || !root.path("errors").asBoolean(false)) {
      return SendOutcome.delivered(bytes);
    }
    JsonNode items = root.path("items");
    if (!items.isArray() || items.size() != sent.size()) {
      // Which record failed is unknown: sending them all again loses nothing.
      return SendOutcome.retry("bad_response", "_bulk answered " + items.size() + " items for " + sent.size() + " documents");
    }
    List<SendOutcome.Rejection> rejected = new ArrayList<>();
    List<Integer> retry = new ArrayList<>();
    String retryReason = null;
    String retryDetail = null;
    for (int i = 0; i < items.size(); i++) {
      JsonNode result = first(items.get(i));
      int status = result.path("status").asInt(0);
      if (status >= 200 && status < 300 || alreadyIndexed(status, result)) {
        continue;
      }
      JsonNode error = result.path("error");
      String type = reason(error.path("type").asString(""), status);
      String detail = "status " + status + ": " + truncate(error.isMissingNode() ? "" : error.toString());
      if (status == 429 || status >= 500) {
        retry.add(i);
        if (retryReason == null) {
          retryReason = "item_" + status;
          retryDetail = detail;
        }
      } else {
        rejected.add(new SendOutcome.Rejection(i, type, detail));
      }
    }
    return new SendOutcome.PerRecord(bytes, rejected, retry.stream().mapToInt(Integer::intValue).toArray(),
        retryReason == null ? "" : retryReason, retryDetail == null ? "" : retryDetail);
  }

  /**
   * The document's {@code _id} is taken: this record was indexed by an earlier send. Only that conflict: another 409
   * (none is known for {@code create}) stays an error.
   */
  static boolean alreadyIndexed(int status, JsonNode result) {
    return status == 409 && "version_conflict_engine_exception".equals(result.path("error").path("type").asString(""));
  }

  /** An item is {@code {"create": {...}}} (or index, update): the one field's value. */
  private static JsonNode first(JsonNode item) {
    for (JsonNode value : item) {
      return value;
    }
    return item;
  }

  /** Elasticsearch's error type as a metric tag: a short snake_case word, never free text. */
  static String reason(String type, int status) {
    String cleaned = type.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "");
    if (cleaned.isEmpty() || cleaned.length() > 64) {
      return "item_" + status;
    }
    return cleaned;
  }

  private static String truncate(String text) {
    return text.length() > MAX_DETAIL_CHARS ? text.substring(0, MAX_DETAIL_CHARS) + "…" : text;
  }
}
