/**
 * From native delivery bytes to normalized events: envelope unwrapping (EventBridge, SQS,
 * CloudTrail log files, Event Hubs records, Event Grid and CloudEvents, Pub/Sub push), shape
 * detection, and the per-cloud parsers. Bad input is a {@link io.credwatch.source.Verdict}, never
 * an exception.
 */
@NullMarked
package io.credwatch.source;

import org.jspecify.annotations.NullMarked;
