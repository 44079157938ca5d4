/**
 * Detection rules as data: the rule model, its loader and validator, and the condition tree over
 * normalized event fields.
 */
@NullMarked
package io.credwatch.rule;

import org.jspecify.annotations.NullMarked;
