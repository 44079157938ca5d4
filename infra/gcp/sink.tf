# The aggregated log sink: Cloud Audit Logs of exactly the methods the rules match, published to
# the audit topic, from the organization, a folder or the deployment project (var.sink_level).

locals {
  # One clause per catalogued method: io.credwatch.source.OperationCatalog.operations(Cloud.GCP),
  # service plus method with the API version removed. ":" is a substring match, for methods that
  # Google logs with a version prefix (google.iam.admin.v1.CreateServiceAccountKey,
  # v1.compute.instances.setMetadata); "=" where the logged name is exactly the catalogued one.
  # TerraformTest checks this list against the catalogue and against real events of the corpus.
  method_clauses = [
    "protoPayload.serviceName=\"iam.googleapis.com\" AND protoPayload.methodName:\"CreateServiceAccountKey\"",
    "protoPayload.serviceName=\"iam.googleapis.com\" AND protoPayload.methodName:\"UploadServiceAccountKey\"",
    "protoPayload.serviceName=\"iam.googleapis.com\" AND protoPayload.methodName:\"WorkloadIdentityPools.CreateWorkloadIdentityPoolProvider\"",
    "protoPayload.serviceName=\"iam.googleapis.com\" AND protoPayload.methodName:\"WorkloadIdentityPools.UpdateWorkloadIdentityPoolProvider\"",
    "protoPayload.serviceName=\"iam.googleapis.com\" AND protoPayload.methodName:\"WorkforcePools.CreateWorkforcePoolProvider\"",
    "protoPayload.serviceName=\"iam.googleapis.com\" AND protoPayload.methodName:\"WorkforcePools.UpdateWorkforcePoolProvider\"",
    "protoPayload.serviceName=\"storage.googleapis.com\" AND protoPayload.methodName=\"storage.hmacKeys.create\"",
    "protoPayload.serviceName=\"apikeys.googleapis.com\" AND protoPayload.methodName:\"ApiKeys.CreateKey\"",
    # Data Access only (DATA_WRITE): logged only when var.enable_oslogin_data_access_logs (or an
    # existing audit config) turns on Data Access logs for oslogin.googleapis.com.
    "protoPayload.serviceName=\"oslogin.googleapis.com\" AND protoPayload.methodName:\"OsLoginService.ImportSshPublicKey\"",
    "protoPayload.serviceName=\"compute.googleapis.com\" AND protoPayload.methodName:\"compute.instances.setMetadata\"",
    "protoPayload.serviceName=\"compute.googleapis.com\" AND protoPayload.methodName:\"compute.projects.setCommonInstanceMetadata\"",
  ]

  # A credential created by proxy (a Deployment Manager deployment creating a key, for example):
  # OperationCatalog.gcpProxyPermissions(), matched in any authorizationInfo entry of any method.
  proxy_permission_clauses = [
    "protoPayload.authorizationInfo.permission=\"iam.serviceAccountKeys.create\"",
    "protoPayload.authorizationInfo.permission=\"storage.hmacKeys.create\"",
    "protoPayload.authorizationInfo.permission=\"serviceusage.apiKeys.create\"",
    "protoPayload.authorizationInfo.permission=\"apikeys.keys.create\"",
    "protoPayload.authorizationInfo.permission=\"iam.workloadIdentityPoolProviders.create\"",
  ]

  # Admin Activity (cloudaudit.googleapis.com%2Factivity) and Data Access
  # (cloudaudit.googleapis.com%2Fdata_access) logs alike. Failed calls stay in: success is not
  # reliably filterable here (a call can succeed while its credential permission was denied), so
  # the code decides, and reports failures at low severity. Nothing else is excluded. Sink
  # filters may be 20,000 characters long; this one is under 2,000.
  sink_filter = join("", [
    "logName:\"cloudaudit.googleapis.com\" AND (",
    join(" OR ", [for clause in concat(local.method_clauses, local.proxy_permission_clauses) : "(${clause})"]),
    ")",
  ])

  audit_topic_destination = "pubsub.googleapis.com/${google_pubsub_topic.audit.id}"

  sink_writer_identity = one(concat(
    google_logging_organization_sink.audit[*].writer_identity,
    google_logging_folder_sink.audit[*].writer_identity,
    google_logging_project_sink.audit[*].writer_identity,
  ))
}

resource "google_logging_organization_sink" "audit" {
  count = var.sink_level == "organization" ? 1 : 0

  name             = var.sink_name
  org_id           = var.sink_parent_id
  destination      = local.audit_topic_destination
  filter           = local.sink_filter
  include_children = true
  description      = "CredWatch: credential additions (MITRE T1098.001) to Pub/Sub"

  lifecycle {
    precondition {
      condition     = var.sink_parent_id != null
      error_message = "sink_level = \"organization\" needs sink_parent_id = the numeric organization id."
    }
  }
}

resource "google_logging_folder_sink" "audit" {
  count = var.sink_level == "folder" ? 1 : 0

  name             = var.sink_name
  folder           = "folders/${var.sink_parent_id}"
  destination      = local.audit_topic_destination
  filter           = local.sink_filter
  include_children = true
  description      = "CredWatch: credential additions (MITRE T1098.001) to Pub/Sub"

  lifecycle {
    precondition {
      condition     = var.sink_parent_id != null && var.organization_id != null
      error_message = "sink_level = \"folder\" needs sink_parent_id = the numeric folder id and organization_id = the organization holding the remediation role."
    }
  }
}

resource "google_logging_project_sink" "audit" {
  count = var.sink_level == "project" ? 1 : 0

  project                = var.project_id
  name                   = var.sink_name
  destination            = local.audit_topic_destination
  filter                 = local.sink_filter
  unique_writer_identity = true
  description            = "CredWatch: credential additions (MITRE T1098.001) to Pub/Sub"
}

# The sink's writer may publish to the audit topic, and to nothing else.
resource "google_pubsub_topic_iam_member" "sink_publishes_audit" {
  project = var.project_id
  topic   = google_pubsub_topic.audit.name
  role    = "roles/pubsub.publisher"
  member  = local.sink_writer_identity
}

# OS Login writes ImportSshPublicKey to Data Access logs only; they are off by default and billed.
resource "google_organization_iam_audit_config" "oslogin" {
  count = var.enable_oslogin_data_access_logs && var.sink_level == "organization" ? 1 : 0

  org_id  = var.sink_parent_id
  service = "oslogin.googleapis.com"
  audit_log_config {
    log_type = "DATA_WRITE"
  }
}

resource "google_folder_iam_audit_config" "oslogin" {
  count = var.enable_oslogin_data_access_logs && var.sink_level == "folder" ? 1 : 0

  folder  = "folders/${var.sink_parent_id}"
  service = "oslogin.googleapis.com"
  audit_log_config {
    log_type = "DATA_WRITE"
  }
}

resource "google_project_iam_audit_config" "oslogin" {
  count = var.enable_oslogin_data_access_logs && var.sink_level == "project" ? 1 : 0

  project = var.project_id
  service = "oslogin.googleapis.com"
  audit_log_config {
    log_type = "DATA_WRITE"
  }
}
