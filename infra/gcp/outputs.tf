output "function_name" {
  description = "The Cloud Run function."
  value       = google_cloudfunctions2_function.credwatch.name
}

output "function_uri" {
  description = "URI of the function's Cloud Run service (internal ingress only)."
  value       = google_cloudfunctions2_function.credwatch.service_config[0].uri
}

output "eventarc_trigger" {
  description = "The Eventarc trigger; its Pub/Sub subscription is `gcloud eventarc triggers describe` transport.pubsub.subscription."
  value       = google_cloudfunctions2_function.credwatch.event_trigger[0].trigger
}

output "alert_topic" {
  description = "Alerts are published here (CREDWATCH_PUBSUB_TOPIC): subscribe your on-call tooling."
  value       = google_pubsub_topic.alerts.id
}

output "alert_subscription" {
  description = "Pull subscription on the alert topic, when create_alert_subscription is set."
  value       = one(google_pubsub_subscription.alerts[*].id)
}

output "audit_topic" {
  description = "The log sink publishes the matching audit log entries here."
  value       = google_pubsub_topic.audit.id
}

output "dead_letter_topic" {
  description = "Audit events the function kept failing on."
  value       = google_pubsub_topic.dead_letter.id
}

output "dead_letter_subscription" {
  description = "Pull subscription holding dead-lettered audit events for 7 days."
  value       = google_pubsub_subscription.dead_letter.id
}

output "sink_writer_identity" {
  description = "Identity the log sink publishes as (publisher on the audit topic only)."
  value       = local.sink_writer_identity
}

output "service_account_email" {
  description = "The function's runtime service account (add it nowhere else; it is protected from remediation)."
  value       = google_service_account.function.email
}

output "trigger_service_account_email" {
  description = "The Eventarc trigger's service account (run.invoker on the function's service only)."
  value       = google_service_account.trigger.email
}
