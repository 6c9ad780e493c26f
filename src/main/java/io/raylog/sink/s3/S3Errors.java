package io.raylog.sink.s3;

import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Why a call to an S3 store failed (an upload of the s3 sink, any call of the history sink), as a short token for metrics ({@code http_503}, {@code timeout}, {@code connect}). Every
 * failure is retried: an S3 store refuses an object for a reason an operator fixes (credentials, a missing bucket,
 * a policy), never for its content, and the files keep the records meanwhile. Pure.
 */
public final class S3Errors {
  private S3Errors() {}

  public static String reason(Throwable error) {
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
  public static String detail(Throwable error) {
    if (error instanceof S3Exception s3 && s3.awsErrorDetails() != null) {
      return s3.awsErrorDetails().errorCode() + ": " + s3.awsErrorDetails().errorMessage();
    }
    return String.valueOf(error.getMessage());
  }
}
