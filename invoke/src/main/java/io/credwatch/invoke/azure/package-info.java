/**
 * {@code ./credwatch azure-invoke}: the functions run once on a file of Event Hubs bodies or Event
 * Grid events, with the host's retry context. Never deployed.
 */
@NullMarked
package io.credwatch.invoke.azure;

import org.jspecify.annotations.NullMarked;
