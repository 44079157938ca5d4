# Inputs of the GCP deployment. Everything is created in one project (var.project_id); the log
# sink and the remediation role reach further when sink_level is "folder" or "organization".

variable "project_id" {
  description = "The deployment project: function, topics, bucket and service accounts live here."
  type        = string
}

variable "region" {
  description = "Region of the function, its Eventarc trigger and the source bucket."
  type        = string
  default     = "us-central1"
}

# --- What is watched -------------------------------------------------------------------------

variable "sink_level" {
  description = <<-EOT
    Where the aggregated log sink reads audit logs: "organization" (every project of the
    organization, recommended), "folder" (every project under the folder) or "project" (the
    deployment project only). Remediation reaches the same scope: the custom role is bound there.
  EOT
  type        = string
  default     = "project"

  validation {
    condition     = contains(["organization", "folder", "project"], var.sink_level)
    error_message = "sink_level must be one of \"organization\", \"folder\" or \"project\"."
  }
}

variable "sink_parent_id" {
  description = "Numeric organization id (sink_level = \"organization\") or folder id (sink_level = \"folder\"); ignored for \"project\"."
  type        = string
  default     = null

  validation {
    condition     = var.sink_parent_id == null || can(regex("^[0-9]+$", var.sink_parent_id))
    error_message = "sink_parent_id is the numeric organization or folder id, without \"organizations/\" or \"folders/\"."
  }
}

variable "organization_id" {
  description = "Numeric organization id that holds the custom remediation role when sink_level = \"folder\" (custom roles exist only in organizations and projects)."
  type        = string
  default     = null

  validation {
    condition     = var.organization_id == null || can(regex("^[0-9]+$", var.organization_id))
    error_message = "organization_id is the numeric organization id, without \"organizations/\"."
  }
}

variable "sink_name" {
  description = "Name of the log sink."
  type        = string
  default     = "credwatch-audit"
}

variable "enable_oslogin_data_access_logs" {
  description = <<-EOT
    Turn on Data Access audit logs (DATA_WRITE) for oslogin.googleapis.com at the sink's level.
    OS Login ImportSshPublicKey is written only to Data Access logs, so without them OS Login key
    imports are invisible to CredWatch. Cost: Data Access logs are billed as Cloud Logging
    ingestion beyond the free monthly allotment; OS Login writes one entry per key import and per
    login-related DATA_WRITE call (the _Default bucket stores them too unless you exclude them).
    This resource is authoritative for the OS Login audit config at that level: it replaces an
    existing one for the same service.
  EOT
  type        = bool
  default     = false
}

# --- The function ----------------------------------------------------------------------------

variable "function_name" {
  description = "Name of the Cloud Run function (and of its Cloud Run service)."
  type        = string
  default     = "credwatch"
}

variable "source_dir" {
  description = "Folder holding the single shaded jar to deploy; null means <repository>/gcp-function/target/deployment, written by `mvn -pl gcp-function -am package`."
  type        = string
  default     = null
}

variable "max_instance_count" {
  description = "Most function instances at once (a burst of audit events scales out up to this)."
  type        = number
  default     = 10
}

variable "build_service_account" {
  description = "Optional service account that Cloud Build uses to build the function, as projects/PROJECT/serviceAccounts/EMAIL; null uses the project's default build service account."
  type        = string
  default     = null
}

variable "custom_role_id" {
  description = "Id of the custom remediation role. The id of a deleted custom role cannot be reused for several weeks: after a destroy, apply again with another id."
  type        = string
  default     = "credwatchRemediator"

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.]{3,64}$", var.custom_role_id))
    error_message = "custom_role_id: 3 to 64 letters, digits, _ or ."
  }
}

variable "enable_apis" {
  description = "Enable the Google APIs the deployment and the remediators use in the deployment project."
  type        = bool
  default     = true
}

# --- Settings of the function (README "Settings"; same defaults as io.credwatch.config.Settings) ---

variable "remediation_mode" {
  description = "CREDWATCH_REMEDIATION: off, dry-run (plan and report, touch nothing) or enforce."
  type        = string
  default     = "dry-run"

  validation {
    condition     = contains(["off", "dry-run", "enforce"], var.remediation_mode)
    error_message = "remediation_mode must be off, dry-run or enforce."
  }
}

variable "remediation_rules" {
  description = "CREDWATCH_REMEDIATION_RULES: per-rule modes, e.g. { gcp_iam_service_account_key_created = \"enforce\" }."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for mode in values(var.remediation_rules) : contains(["off", "dry-run", "enforce"], mode)])
    error_message = "Every value of remediation_rules must be off, dry-run or enforce."
  }
}

variable "min_severity" {
  description = "CREDWATCH_MIN_SEVERITY: lowest severity sent to the alert topic and Teams."
  type        = string
  default     = "low"

  validation {
    condition     = contains(["info", "low", "medium", "high", "critical"], var.min_severity)
    error_message = "min_severity must be info, low, medium, high or critical."
  }
}

variable "remediation_min_severity" {
  description = "CREDWATCH_REMEDIATION_MIN_SEVERITY: lowest severity that is remediated."
  type        = string
  default     = "high"

  validation {
    condition     = contains(["info", "low", "medium", "high", "critical"], var.remediation_min_severity)
    error_message = "remediation_min_severity must be info, low, medium, high or critical."
  }
}

variable "protected_identities" {
  description = "CREDWATCH_PROTECTED: identities never remediated (break-glass accounts): emails, ids or * globs. The function's own service account is always protected."
  type        = list(string)
  default     = []
}

variable "allowed_actors" {
  description = "CREDWATCH_ALLOWED_ACTORS: actors whose changes are reported but never remediated (your provisioning pipeline)."
  type        = list(string)
  default     = []
}

variable "suppressions_json" {
  description = "CREDWATCH_SUPPRESSIONS: the suppression list as JSON text (README \"Suppressions\"); empty for none."
  type        = string
  default     = ""
}

variable "max_actions_per_hour" {
  description = "CREDWATCH_MAX_ACTIONS_PER_HOUR: the circuit breaker; past this many actions in a clock hour, across all invocations, remediation pauses (alert only) and one alert says so."
  type        = number
  default     = 20

  validation {
    condition     = var.max_actions_per_hour >= 0 && var.max_actions_per_hour <= 10000
    error_message = "max_actions_per_hour must be within 0..10000."
  }
}

variable "alert_format" {
  description = "CREDWATCH_ALERT_FORMAT: what the alert topic carries, credwatch (the alert document) or ocsf (an OCSF 1.1.0 Detection Finding, class 2004)."
  type        = string
  default     = "credwatch"
  validation {
    condition     = contains(["credwatch", "ocsf"], var.alert_format)
    error_message = "alert_format must be credwatch or ocsf."
  }
}

variable "act_without_confirmation" {
  description = "CREDWATCH_ACT_WITHOUT_CONFIRMATION: false (the default) acts only on entries Cloud Logging confirms (entries.list by insertId); true acts on entries as delivered, which anyone allowed to publish to the audit topic could forge."
  type        = bool
  default     = false
}

variable "confirm_within_minutes" {
  description = "CREDWATCH_CONFIRM_WITHIN_MINUTES: how long an entry may wait for Cloud Logging to confirm it before it is skipped (nothing touched)."
  type        = number
  default     = 60

  validation {
    condition     = var.confirm_within_minutes >= 1 && var.confirm_within_minutes <= 1440
    error_message = "confirm_within_minutes must be within 1..1440."
  }
}

variable "max_remediations" {
  description = "CREDWATCH_MAX_REMEDIATIONS: most credentials one invocation may act on."
  type        = number
  default     = 10

  validation {
    condition     = var.max_remediations >= 0 && var.max_remediations <= 1000
    error_message = "max_remediations must be within 0..1000."
  }
}

variable "remediation_timeout_ms" {
  description = "CREDWATCH_REMEDIATION_TIMEOUT_MS: time allowed for one remediation call (the function times out after 60 s)."
  type        = number
  default     = 5000

  validation {
    condition     = var.remediation_timeout_ms >= 100 && var.remediation_timeout_ms <= 30000
    error_message = "remediation_timeout_ms must be within 100..30000 (the function's timeout is 60 s)."
  }
}

variable "teams_webhook_secret_id" {
  description = "Optional Secret Manager secret id (in the deployment project) holding the Microsoft Teams Workflows webhook URL; it reaches the function as CREDWATCH_TEAMS_WEBHOOK_URL."
  type        = string
  default     = null
}

variable "teams_webhook_secret_version" {
  description = "Version of the Teams webhook secret; a number pins it, \"latest\" is read when instances start."
  type        = string
  default     = "latest"
}

# --- Pub/Sub ---------------------------------------------------------------------------------

variable "create_alert_subscription" {
  description = "Also create a pull subscription (credwatch-alerts) on the alert topic, keeping alerts 7 days."
  type        = bool
  default     = false
}

variable "attach_dead_letter_policy" {
  description = <<-EOT
    After apply, run gcloud (bash) to attach the dead-letter topic to the Eventarc-managed push
    subscription, which Terraform cannot manage. Needs gcloud, authenticated, where Terraform
    runs; set false and run the commands in infra/gcp/README.md instead.
  EOT
  type        = bool
  default     = true
}

variable "max_delivery_attempts" {
  description = "Deliveries of one audit event before it goes to the dead-letter topic (Pub/Sub allows 5..100)."
  type        = number
  default     = 20

  validation {
    condition     = var.max_delivery_attempts >= 5 && var.max_delivery_attempts <= 100
    error_message = "max_delivery_attempts must be within 5..100."
  }
}

variable "labels" {
  description = "Labels put on the function, topics, subscriptions and bucket."
  type        = map(string)
  default     = { app = "credwatch" }
}
