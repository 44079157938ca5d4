package io.credwatch.event;

/** The identity or resource that received the new credential. */
public enum TargetKind {
  IAM_USER("iam-user"),
  ROOT_USER("root-user"),
  /** An AWS account, Azure subscription or GCP project (key pairs, providers, trust anchors). */
  ACCOUNT("account"),
  INSTANCE("instance"),
  APPLICATION("application"),
  SERVICE_PRINCIPAL("service-principal"),
  USER("user"),
  MANAGED_IDENTITY("managed-identity"),
  SERVICE_ACCOUNT("service-account"),
  WORKLOAD_IDENTITY_POOL("workload-identity-pool"),
  DEPLOYMENT("deployment"),
  UNKNOWN("unknown");

  private final String id;

  TargetKind(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
