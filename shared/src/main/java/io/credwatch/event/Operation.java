package io.credwatch.event;

/**
 * The API call, as the cloud names it.
 *
 * @param service the service, for example {@code iam.amazonaws.com}, {@code entra}, {@code
 *     Microsoft.ManagedIdentity} or {@code iam.googleapis.com}
 * @param name the operation, for example {@code CreateAccessKey}
 */
public record Operation(String service, String name) {

  /** {@code service:name}, the form rules use. */
  public String qualified() {
    return service + ":" + name;
  }

  @Override
  public String toString() {
    return qualified();
  }
}
