/**
 * The normalized event: the contract between the per-cloud parsers and the rules (architecture §4).
 *
 * <p>Every type here is an immutable record or enum. Nothing is null: an unknown text value is the
 * empty string, an unknown time is {@link java.util.Optional#empty()}.
 */
@NullMarked
package io.credwatch.event;

import org.jspecify.annotations.NullMarked;
