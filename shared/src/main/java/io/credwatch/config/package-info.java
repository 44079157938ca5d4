/** Settings read once from the environment into an immutable record. */
@NullMarked
package io.credwatch.config;

import org.jspecify.annotations.NullMarked;
