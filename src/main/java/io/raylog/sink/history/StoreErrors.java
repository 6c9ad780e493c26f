package io.raylog.sink.history;

import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Why a store call failed, as a short token for metrics ({@code http_503}, {@code timeout}, {@code connect}). Pure. */
final class StoreErrors {
  private StoreErrors() {}

  static String reason(Throwable error) {
    if (error instanceof S3Exception s3) {
      return "http_" + s3.statusCode();
    }
    if (error instanceof ApiCallTimeoutException || error instanceof ApiCallAttemptTimeoutException) {
      return "timeout";
    }
    if (error instanceof SdkClientException) {
      return "connect";
    }
    return "error";
  }

  /** The error's message and, for S3's answers, its error code; never credentials (the SDK does not print them). */
  static String detail(Throwable error) {
    if (error instanceof S3Exception s3 && s3.awsErrorDetails() != null) {
      return s3.awsErrorDetails().errorCode() + ": " + s3.awsErrorDetails().errorMessage();
    }
    return String.valueOf(error.getMessage());
  }
}
