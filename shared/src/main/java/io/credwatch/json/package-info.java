/**
 * The one way into the JSON parser: {@link io.credwatch.json.JsonLimits} bounds nesting, string and
 * document sizes for everything CredWatch reads that it did not write itself (deliveries, parts of
 * events, cloud API answers, secrets), so that hostile input is reported, never exhausts the stack
 * or memory. An architecture test keeps every other parser out of the code.
 */
@NullMarked
package io.credwatch.json;

import org.jspecify.annotations.NullMarked;
