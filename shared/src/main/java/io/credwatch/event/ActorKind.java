package io.credwatch.event;

/** Who made the call, as far as the audit record tells. */
public enum ActorKind {
  /** A human or long-term user identity: IAM user, Entra user, Google account. */
  USER("user"),
  /** The AWS root user. */
  ROOT("root"),
  /** An AWS assumed-role session (including IAM Identity Center / SSO sessions). */
  ASSUMED_ROLE("assumed-role"),
  /** An AWS federated-user session (GetFederationToken). */
  FEDERATED_USER("federated-user"),
  /** A GCP service account. */
  SERVICE_ACCOUNT("service-account"),
  /** An Entra application / service principal acting with its own credentials. */
  APPLICATION("application"),
  /** An Azure managed identity. */
  MANAGED_IDENTITY("managed-identity"),
  /** The cloud provider itself (AWS service, Microsoft or Google platform automation). */
  CLOUD_SERVICE("cloud-service"),
  /** The record names no caller (abbreviated or synthetic records). */
  UNKNOWN("unknown");

  private final String id;

  ActorKind(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
