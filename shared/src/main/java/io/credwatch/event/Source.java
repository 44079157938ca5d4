package io.credwatch.event;

/** The audit source a normalized event came from. */
public enum Source {
  CLOUDTRAIL("cloudtrail", Cloud.AWS),
  ENTRA_AUDIT("entra-audit", Cloud.AZURE),
  AZURE_ACTIVITY("azure-activity", Cloud.AZURE),
  GCP_AUDIT("gcp-audit", Cloud.GCP);

  private final String id;
  private final Cloud cloud;

  Source(String id, Cloud cloud) {
    this.id = id;
    this.cloud = cloud;
  }

  public String id() {
    return id;
  }

  public Cloud cloud() {
    return cloud;
  }
}
