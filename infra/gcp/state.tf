# The function's state store: what it did (no re-act on replays, one alert per event) and the
# circuit breaker, in a Firestore database of its own (io.credwatch.gcp.FirestoreActionLedger).

resource "google_firestore_database" "state" {
  project     = var.project_id
  name        = "credwatch-state"
  location_id = var.region
  type        = "FIRESTORE_NATIVE"

  # Deleting the stack must not keep the database (it holds nothing but expiring entries).
  deletion_policy = "DELETE"

  depends_on = [google_project_service.enabled]
}

# Entries carry `expires`; Firestore deletes them after it (14 days for alerts, 2 hours for the
# breaker's slots).
resource "google_firestore_field" "state_expires" {
  project    = var.project_id
  database   = google_firestore_database.state.name
  collection = "credwatch-state"
  field      = "expires"

  ttl_config {}

  # No single-field index on a TTL field (Firestore's advice for timestamps written in order).
  index_config {}
}

# Exactly the calls the ledger makes (get, create, update of documents), on this database only.
resource "google_project_iam_custom_role" "state" {
  project     = var.project_id
  role_id     = "credwatchState"
  title       = "CredWatch state store"
  description = "Reads and writes the documents of CredWatch's own Firestore database."
  permissions = [
    "datastore.entities.create",
    "datastore.entities.get",
    "datastore.entities.update",
  ]
}

resource "google_project_iam_member" "function_keeps_state" {
  project = var.project_id
  role    = google_project_iam_custom_role.state.id
  member  = local.function_member

  condition {
    title       = "credwatch-state-only"
    description = "Only CredWatch's own Firestore database."
    expression  = "resource.name.startsWith(\"${google_firestore_database.state.id}\")"
  }
}
