/**
 * The local cloud: real local components (moto server, the Pub/Sub emulator) and JDK stand-ins for
 * the cloud APIs that have no emulator, for {@code ./credwatch local} and the tests.
 */
@NullMarked
package io.credwatch.local;

import org.jspecify.annotations.NullMarked;
