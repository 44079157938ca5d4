# APIs of the deployment project: the ones the deployment needs, and the ones the remediators call
# (API calls made with the function's service account count against the project that owns it).

locals {
  apis = concat(
    [
      "apikeys.googleapis.com",
      "artifactregistry.googleapis.com",
      "cloudbuild.googleapis.com",
      "cloudfunctions.googleapis.com",
      "cloudresourcemanager.googleapis.com",
      "cloudtasks.googleapis.com",
      "eventarc.googleapis.com",
      "firestore.googleapis.com",
      "iam.googleapis.com",
      "logging.googleapis.com",
      "monitoring.googleapis.com",
      "oslogin.googleapis.com",
      "policyanalyzer.googleapis.com",
      "pubsub.googleapis.com",
      "run.googleapis.com",
      "storage.googleapis.com",
    ],
    var.teams_webhook_secret_id == null ? [] : ["secretmanager.googleapis.com"],
  )
}

resource "google_project_service" "enabled" {
  for_each = var.enable_apis ? toset(local.apis) : toset([])

  project = var.project_id
  service = each.value

  # Other workloads of the project may use the same APIs: never switch them off on destroy.
  disable_on_destroy = false
}
