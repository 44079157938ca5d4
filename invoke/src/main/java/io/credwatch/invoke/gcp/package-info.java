/**
 * {@code ./credwatch gcp-invoke}: the function run once on a file holding a structured CloudEvent
 * or a Pub/Sub push body, as Eventarc would deliver it. Never deployed.
 */
@NullMarked
package io.credwatch.invoke.gcp;

import org.jspecify.annotations.NullMarked;
