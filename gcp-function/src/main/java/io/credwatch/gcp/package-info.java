/**
 * The Cloud Run function: the CloudEventsFunction (CredWatchFunction, the entry point), its core
 * (GcpCore), its settings (GcpSettings), the Pub/Sub sink over REST, the remediator for IAM, Cloud
 * Storage, OS Login and API Keys over REST (GcpRemediator), the metadata-server token and error
 * mapping (GcpErrors).
 */
@NullMarked
package io.credwatch.gcp;

import org.jspecify.annotations.NullMarked;
