# Identities and what they may do. The function's service account gets exactly: the custom
# remediation role where the sink reads (organization, folder or project), publish on the alert
# topic, write its own logs, and read the Teams webhook secret when one is configured.

locals {
  # Every permission the GCP remediators use: the union of permissions() of the GCP actions in
  # io.credwatch.respond.RemediationActions, and logging.logEntries.list, with which each entry is
  # confirmed in Cloud Logging before any action, and the two reads with which a new service-account
  # key is followed to its first use where the key lives (Cloud Monitoring's per-key authentication
  # count, Policy Analyzer's last authentication): TerraformTest checks it. Remediation still happens
  # only in enforce mode, and the opt-in actions (API key deletion) only for rules named in
  # CREDWATCH_REMEDIATION_RULES. A person's OS Login keys can be managed only by that person or a
  # Workspace administrator, whatever the role says: for them the outcome is "permission denied".
  remediation_permissions = [
    "apikeys.keys.delete",
    "apikeys.keys.get",
    "iam.serviceAccountKeys.disable",
    "iam.serviceAccountKeys.get",
    "iam.workloadIdentityPoolProviders.delete",
    "iam.workloadIdentityPoolProviders.get",
    "logging.logEntries.list",
    "monitoring.timeSeries.list",
    "policyanalyzer.serviceAccountKeyLastAuthenticationActivities.query",
    "storage.hmacKeys.get",
    "storage.hmacKeys.update",
  ]

  # Custom roles exist in organizations and projects only: a folder-level deployment keeps the
  # role in its organization and binds it on the folder.
  role_organization_id = var.sink_level == "organization" ? var.sink_parent_id : var.organization_id
  remediation_role_id  = one(concat(google_organization_iam_custom_role.remediator[*].name, google_project_iam_custom_role.remediator[*].name))
  function_member      = "serviceAccount:${google_service_account.function.email}"
}

resource "google_service_account" "function" {
  project      = var.project_id
  account_id   = "credwatch-function"
  display_name = "CredWatch function"
  description  = "Runs the CredWatch function: reads the events it is sent and confirms them in Cloud Logging, disables the credentials they name (enforce mode), publishes alerts."
}

resource "google_service_account" "trigger" {
  project      = var.project_id
  account_id   = "credwatch-trigger"
  display_name = "CredWatch Eventarc trigger"
  description  = "Identity of the Eventarc trigger's push deliveries to the CredWatch function."
}

# --- Remediation: a custom role at the level the sink covers ------------------------------------

resource "google_organization_iam_custom_role" "remediator" {
  count = var.sink_level == "project" ? 0 : 1

  org_id      = local.role_organization_id
  role_id     = var.custom_role_id
  title       = "CredWatch remediator"
  description = "Read and disable the exact credential an audit event names (CredWatch)."
  stage       = "GA"
  permissions = local.remediation_permissions

  lifecycle {
    precondition {
      condition     = local.role_organization_id != null
      error_message = "The remediation role lives in an organization: set sink_parent_id (organization level) or organization_id (folder level)."
    }
  }
}

resource "google_project_iam_custom_role" "remediator" {
  count = var.sink_level == "project" ? 1 : 0

  project     = var.project_id
  role_id     = var.custom_role_id
  title       = "CredWatch remediator"
  description = "Read and disable the exact credential an audit event names (CredWatch)."
  stage       = "GA"
  permissions = local.remediation_permissions
}

resource "google_organization_iam_member" "function_remediates" {
  count = var.sink_level == "organization" ? 1 : 0

  org_id = var.sink_parent_id
  role   = local.remediation_role_id
  member = local.function_member
}

resource "google_folder_iam_member" "function_remediates" {
  count = var.sink_level == "folder" ? 1 : 0

  folder = "folders/${var.sink_parent_id}"
  role   = local.remediation_role_id
  member = local.function_member
}

resource "google_project_iam_member" "function_remediates" {
  count = var.sink_level == "project" ? 1 : 0

  project = var.project_id
  role    = local.remediation_role_id
  member  = local.function_member
}

# --- Alerts and logs -----------------------------------------------------------------------------

resource "google_pubsub_topic_iam_member" "function_publishes_alerts" {
  project = var.project_id
  topic   = google_pubsub_topic.alerts.name
  role    = "roles/pubsub.publisher"
  member  = local.function_member
}

resource "google_project_iam_member" "function_writes_logs" {
  project = var.project_id
  role    = "roles/logging.logWriter"
  member  = local.function_member
}

resource "google_secret_manager_secret_iam_member" "function_reads_teams_webhook" {
  for_each = toset(local.teams_webhook_secrets)

  project   = var.project_id
  secret_id = each.value
  role      = "roles/secretmanager.secretAccessor"
  member    = local.function_member
}

# --- Delivery: Eventarc pushes to the function as the trigger's service account ------------------

resource "google_cloud_run_v2_service_iam_member" "trigger_invokes_function" {
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.credwatch.name # its Cloud Run service has the same name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.trigger.email}"
}

# Pub/Sub mints the push deliveries' OIDC tokens as the trigger's service account. Projects whose
# Pub/Sub service agent predates April 2021 need this grant; later ones have it through the agent's
# role. Granted on this one service account only.
resource "google_service_account_iam_member" "pubsub_agent_signs_as_trigger" {
  service_account_id = google_service_account.trigger.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.pubsub_service_agent

  depends_on = [google_project_service.enabled]
}

# --- First use: looks come back through Cloud Tasks -----------------------------------------------

# The function creates one task per look of a new key (at most ten over 24 hours) ...
resource "google_cloud_tasks_queue_iam_member" "function_schedules_looks" {
  project  = var.project_id
  location = google_cloud_tasks_queue.first_use.location
  name     = google_cloud_tasks_queue.first_use.name
  role     = "roles/cloudtasks.enqueuer"
  member   = local.function_member
}

# ... whose request publishes the look with the function's own identity (Cloud Tasks mints the
# OAuth token only for a service account its creator may act as) ...
resource "google_service_account_iam_member" "function_acts_as_itself_for_looks" {
  service_account_id = google_service_account.function.name
  role               = "roles/iam.serviceAccountUser"
  member             = local.function_member
}

# ... to the first-use topic, which only the function may publish to.
resource "google_pubsub_topic_iam_member" "function_publishes_looks" {
  project = var.project_id
  topic   = google_pubsub_topic.first_use.name
  role    = "roles/pubsub.publisher"
  member  = local.function_member
}
