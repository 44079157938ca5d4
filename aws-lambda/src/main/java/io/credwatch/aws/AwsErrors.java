package io.credwatch.aws;

import io.credwatch.alert.UntrustedText;
import io.credwatch.respond.Outcome;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns AWS SDK failures into outcomes an on-call engineer can act on. */
final class AwsErrors {
  private AwsErrors() {}

  /**
   * @param what what was being done, for example "set access key AKIA... to Inactive"
   * @param permission the IAM action that call needs, named when access is denied
   */
  static Outcome.Failed failed(SdkException error, String what, String permission) {
    if (error instanceof AwsServiceException service) {
      String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
      int status = service.statusCode();
      if (isAccessDenied(code, status)) {
        return new Outcome.Failed(
            "access denied: could not "
                + what
                + "; the function's role needs "
                + permission
                + " ("
                + code
                + ")",
            false);
      }
      if (service.isThrottlingException()) {
        return new Outcome.Failed(
            "throttled by AWS after the SDK's retries: could not " + what + "; try again", true);
      }
      if (status == 404 || code.startsWith("NoSuchEntity") || code.endsWith(".NotFound")) {
        return new Outcome.Failed("not found: could not " + what + " (" + code + ")", false);
      }
      return new Outcome.Failed(
          "AWS error "
              + code
              + " (HTTP "
              + status
              + "): could not "
              + what
              + ": "
              + UntrustedText.plain(
                  String.valueOf(
                      service.awsErrorDetails() == null
                          ? ""
                          : service.awsErrorDetails().errorMessage()),
                  200),
          status >= 500);
    }
    if (error instanceof SdkClientException) {
      return new Outcome.Failed(
          "could not reach AWS to " + what + " (" + error.getClass().getSimpleName() + ")", true);
    }
    return new Outcome.Failed("could not " + what + ": " + error.getClass().getSimpleName(), true);
  }

  static boolean isAccessDenied(String code, int status) {
    return status == 403
        || code.equals("AccessDenied")
        || code.equals("AccessDeniedException")
        || code.equals("UnauthorizedOperation")
        || code.equals("AuthorizationError");
  }

  static boolean isNotFound(AwsServiceException error) {
    String code = error.awsErrorDetails() == null ? "" : error.awsErrorDetails().errorCode();
    return error.statusCode() == 404
        || code.startsWith("NoSuchEntity")
        || code.endsWith(".NotFound");
  }
}
