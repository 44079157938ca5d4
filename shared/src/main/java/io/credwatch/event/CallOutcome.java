package io.credwatch.event;

/**
 * Whether the call succeeded.
 *
 * @param success true when the call took effect
 * @param errorCode the error code of a failed call ({@code AccessDenied}, {@code 7}, ...), or ""
 * @param errorMessage the error text of a failed call, or ""
 */
public record CallOutcome(boolean success, String errorCode, String errorMessage) {

  public static CallOutcome succeeded() {
    return new CallOutcome(true, "", "");
  }

  public static CallOutcome failed(String errorCode, String errorMessage) {
    return new CallOutcome(false, errorCode, errorMessage);
  }
}
