# The Cloud Run function (Cloud Functions v2 API): the shaded jar, deployed from a zip of the folder
# that holds it ("deploy a Java function from a JAR"), triggered by the audit topic via Eventarc.

locals {
  source_dir = trimsuffix(coalesce(var.source_dir, "${path.module}/../../gcp-function/target/deployment"), "/")

  # Every setting is a constant of io.credwatch.config.Settings (TerraformTest checks the names).
  # Empty values are left out: the function then uses the Settings default.
  function_environment = {
    CREDWATCH_REMEDIATION              = var.remediation_mode
    CREDWATCH_REMEDIATION_RULES        = join(",", [for rule, mode in var.remediation_rules : "${rule}=${mode}"])
    CREDWATCH_MIN_SEVERITY             = var.min_severity
    CREDWATCH_REMEDIATION_MIN_SEVERITY = var.remediation_min_severity
    CREDWATCH_PROTECTED                = join(",", var.protected_identities)
    CREDWATCH_ALLOWED_ACTORS           = join(",", var.allowed_actors)
    CREDWATCH_SUPPRESSIONS             = var.suppressions_json
    CREDWATCH_MAX_REMEDIATIONS         = tostring(var.max_remediations)
    CREDWATCH_MAX_ACTIONS_PER_HOUR     = tostring(var.max_actions_per_hour)
    CREDWATCH_REMEDIATION_TIMEOUT_MS   = tostring(var.remediation_timeout_ms)
    CREDWATCH_ACT_WITHOUT_CONFIRMATION = tostring(var.act_without_confirmation)
    CREDWATCH_CONFIRM_WITHIN_MINUTES   = tostring(var.confirm_within_minutes)
    CREDWATCH_ALERT_FORMAT             = var.alert_format
    CREDWATCH_PUBSUB_TOPIC             = google_pubsub_topic.alerts.id
    CREDWATCH_STATE_DATABASE           = google_firestore_database.state.id
    CREDWATCH_FIRST_USE_QUEUE          = google_cloud_tasks_queue.first_use.id
    CREDWATCH_FIRST_USE_TOPIC          = google_pubsub_topic.first_use.id
  }

  teams_webhook_secrets = var.teams_webhook_secret_id == null ? [] : [var.teams_webhook_secret_id]
}

data "archive_file" "source" {
  type        = "zip"
  source_dir  = local.source_dir
  output_path = "${local.source_dir}.zip" # beside the folder, never inside it
}

resource "google_storage_bucket" "source" {
  project                     = var.project_id
  name                        = "${var.project_id}-credwatch-source"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true
  labels                      = var.labels

  depends_on = [google_project_service.enabled]
}

resource "google_storage_bucket_object" "source" {
  # The zip's MD5 in the name: a new jar is a new object, and so a new function revision.
  name   = "credwatch-gcp-function-${data.archive_file.source.output_md5}.zip"
  bucket = google_storage_bucket.source.name
  source = data.archive_file.source.output_path
}

resource "google_cloudfunctions2_function" "credwatch" {
  project     = var.project_id
  location    = var.region
  name        = var.function_name
  description = "CredWatch: detects credentials added to cloud identities (MITRE T1098.001) and can disable them"
  labels      = var.labels

  build_config {
    runtime         = "java21"
    entry_point     = "io.credwatch.gcp.CredWatchFunction"
    service_account = var.build_service_account
    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = google_storage_bucket_object.source.name
      }
    }
  }

  service_config {
    available_memory               = "512M"
    timeout_seconds                = 60
    max_instance_count             = var.max_instance_count
    min_instance_count             = 0
    ingress_settings               = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision = true
    service_account_email          = google_service_account.function.email
    environment_variables          = { for name, value in local.function_environment : name => value if value != "" }

    dynamic "secret_environment_variables" {
      for_each = local.teams_webhook_secrets
      content {
        key        = "CREDWATCH_TEAMS_WEBHOOK_URL"
        project_id = var.project_id
        secret     = secret_environment_variables.value
        version    = var.teams_webhook_secret_version
      }
    }
  }

  event_trigger {
    trigger_region        = var.region
    event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
    pubsub_topic          = google_pubsub_topic.audit.id
    retry_policy          = "RETRY_POLICY_RETRY"
    service_account_email = google_service_account.trigger.email
  }

  depends_on = [
    google_project_service.enabled,
    google_pubsub_topic_iam_member.function_publishes_alerts,
    google_project_iam_member.function_writes_logs,
    google_secret_manager_secret_iam_member.function_reads_teams_webhook,
    google_project_iam_member.function_keeps_state,
  ]
}
