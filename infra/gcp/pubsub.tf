# Pub/Sub: the audit topic the sink publishes to, its dead-letter topic, and the alert topic the
# function publishes to.

data "google_project" "this" {
  project_id = var.project_id
}

locals {
  # The Pub/Sub service agent forwards undeliverable messages to a dead-letter topic and mints the
  # OIDC tokens of authenticated push deliveries.
  pubsub_service_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"

  # Seven days: the longest a subscription keeps messages.
  seven_days = "604800s"
}

resource "google_pubsub_topic" "audit" {
  project = var.project_id
  name    = "credwatch-audit"
  labels  = var.labels

  # The topic keeps what the sink published for 7 days, so that a subscription can be sought back
  # (gcloud pubsub subscriptions seek) to replay events after an outage.
  message_retention_duration = local.seven_days

  depends_on = [google_project_service.enabled]
}

resource "google_pubsub_topic" "dead_letter" {
  project = var.project_id
  name    = "credwatch-audit-dead-letter"
  labels  = var.labels

  depends_on = [google_project_service.enabled]
}

# Audit events that the function failed on max_delivery_attempts times land here and stay 7 days.
# Nothing consumes it automatically: read it with
#   gcloud pubsub subscriptions pull credwatch-audit-dead-letter --limit 10
resource "google_pubsub_subscription" "dead_letter" {
  project = var.project_id
  name    = "credwatch-audit-dead-letter"
  topic   = google_pubsub_topic.dead_letter.id
  labels  = var.labels

  message_retention_duration = local.seven_days
  retain_acked_messages      = true
  ack_deadline_seconds       = 60

  # Never deleted for inactivity (the default would after 31 days without a pull).
  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_topic" "alerts" {
  project = var.project_id
  name    = "credwatch-alerts"
  labels  = var.labels

  depends_on = [google_project_service.enabled]
}

resource "google_pubsub_subscription" "alerts" {
  count = var.create_alert_subscription ? 1 : 0

  project = var.project_id
  name    = "credwatch-alerts"
  topic   = google_pubsub_topic.alerts.id
  labels  = var.labels

  message_retention_duration = local.seven_days
  ack_deadline_seconds       = 60

  expiration_policy {
    ttl = ""
  }
}

# Dead-lettering from the Eventarc trigger's subscription: the Pub/Sub service agent publishes the
# failed message to the dead-letter topic ...
resource "google_pubsub_topic_iam_member" "pubsub_agent_publishes_dead_letters" {
  project = var.project_id
  topic   = google_pubsub_topic.dead_letter.name
  role    = "roles/pubsub.publisher"
  member  = local.pubsub_service_agent
}

# ... and must be a subscriber of the source subscription. That subscription is created and owned
# by Eventarc (eventarc-REGION-FUNCTION-...-sub-...): its name is known only after the function
# exists, and Terraform cannot manage its dead_letter_policy, retention or IAM. This step reads the
# name from the trigger and sets them with gcloud, again whenever the trigger is replaced.
# The retry delays (1 to 10 minutes) pace the looks at Cloud Logging of an entry that waits for
# confirmation: 20 attempts span well over CREDWATCH_CONFIRM_WITHIN_MINUTES' default hour.
# Without it (attach_dead_letter_policy = false, and the README's commands not run) the trigger's
# subscription retries with backoff for 24 hours and then drops the event.
resource "terraform_data" "eventarc_dead_letter" {
  count = var.attach_dead_letter_policy ? 1 : 0

  triggers_replace = [
    google_cloudfunctions2_function.credwatch.event_trigger[0].trigger,
    google_pubsub_topic.dead_letter.id,
    var.max_delivery_attempts,
  ]

  provisioner "local-exec" {
    interpreter = ["bash", "-c"]
    command     = <<-EOT
      set -euo pipefail
      subscription=$(gcloud eventarc triggers describe "$TRIGGER" --project="$PROJECT" \
        --location="$LOCATION" --format='value(transport.pubsub.subscription)')
      [ -n "$subscription" ] || { echo "no Pub/Sub subscription on trigger $TRIGGER" >&2; exit 1; }
      gcloud pubsub subscriptions add-iam-policy-binding "$subscription" \
        --member="$PUBSUB_AGENT" --role=roles/pubsub.subscriber --quiet >/dev/null
      gcloud pubsub subscriptions update "$subscription" \
        --dead-letter-topic="$DEAD_LETTER_TOPIC" --max-delivery-attempts="$MAX_ATTEMPTS" \
        --min-retry-delay=60s --max-retry-delay=600s --message-retention-duration=7d --quiet
    EOT
    environment = {
      PROJECT           = var.project_id
      LOCATION          = var.region
      TRIGGER           = basename(google_cloudfunctions2_function.credwatch.event_trigger[0].trigger)
      PUBSUB_AGENT      = local.pubsub_service_agent
      DEAD_LETTER_TOPIC = google_pubsub_topic.dead_letter.id
      MAX_ATTEMPTS      = tostring(var.max_delivery_attempts)
    }
  }

  depends_on = [google_pubsub_topic_iam_member.pubsub_agent_publishes_dead_letters]
}

# First-use looks: Cloud Tasks publishes each look here at its time, and the function's second
# trigger delivers it. Pub/Sub cannot delay a message, and nacking one for 24 hours would spend the
# audit subscription's dead-letter attempts; a task waits up to 30 days for free.
resource "google_pubsub_topic" "first_use" {
  project = var.project_id
  name    = "credwatch-first-use"
  labels  = var.labels

  depends_on = [google_project_service.enabled]
}

resource "google_cloud_tasks_queue" "first_use" {
  project  = var.project_id
  name     = "credwatch-first-use"
  location = var.region

  # A look whose publish fails is tried again for an hour; the next look is its own task.
  retry_config {
    max_attempts       = 10
    max_retry_duration = "3600s"
    min_backoff        = "10s"
    max_backoff        = "600s"
  }

  depends_on = [google_project_service.enabled]
}

resource "google_eventarc_trigger" "first_use" {
  project         = var.project_id
  location        = var.region
  name            = "credwatch-first-use"
  labels          = var.labels
  service_account = google_service_account.trigger.email

  matching_criteria {
    attribute = "type"
    value     = "google.cloud.pubsub.topic.v1.messagePublished"
  }

  transport {
    pubsub {
      topic = google_pubsub_topic.first_use.id
    }
  }

  destination {
    cloud_run_service {
      service = google_cloudfunctions2_function.credwatch.service_config[0].service
      region  = var.region
    }
  }
}
