/**
 * Remediation planning and policy, and the ports AlertSink and Remediator. No cloud calls here: the
 * cloud modules implement the ports.
 */
@NullMarked
package io.credwatch.respond;

import org.jspecify.annotations.NullMarked;
