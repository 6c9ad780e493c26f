package io.raylog.sink.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.raylog.sink.Outbound;
import io.raylog.sink.SendOutcome;
import io.raylog.sink.http.HttpResult;
import io.raylog.sink.http.ResponseReader;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a 2xx OTLP export answer: a partial success says how many records the receiver refused (not which, and
 * the specification says not to send them again), so they are counted as rejected. Thread-safe.
 */
public final class OtlpResponseReader implements ResponseReader {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Override
  public SendOutcome accepted(HttpResult.Response response, Outbound sent, long bytes) {
    if (response.body().length == 0) {
      return SendOutcome.delivered(bytes);
    }
    long rejected;
    String message;
    String type = response.headers().get("Content-Type", "");
    if (type.startsWith("application/json")) {
      try {
        JsonNode partial = JSON.readTree(response.body()).path("partialSuccess");
        rejected = partial.path("rejectedLogRecords").asLong(0);
        message = partial.path("errorMessage").asString("");
      } catch (JacksonException e) {
        return SendOutcome.delivered(bytes); // a 2xx accepted the records; an unreadable body changes nothing
      }
    } else {
      try {
        ExportLogsServiceResponse answer = ExportLogsServiceResponse.parseFrom(response.body());
        rejected = answer.getPartialSuccess().getRejectedLogRecords();
        message = answer.getPartialSuccess().getErrorMessage();
      } catch (InvalidProtocolBufferException e) {
        return SendOutcome.delivered(bytes);
      }
    }
    if (rejected <= 0) {
      return SendOutcome.delivered(bytes);
    }
    // the delivery stage caps the count at the records sent
    return new SendOutcome.Delivered(bytes, (int) Math.min(rejected, Integer.MAX_VALUE), "otlp_partial_success",
        message.length() > 512 ? message.substring(0, 512) : message);
  }
}
