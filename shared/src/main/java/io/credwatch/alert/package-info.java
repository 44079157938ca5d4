/**
 * The alert document of architecture §7 and its renderers: JSON, short text, and a Microsoft Teams
 * Workflows message. Every attacker-controlled string is neutralised for its medium.
 */
@NullMarked
package io.credwatch.alert;

import org.jspecify.annotations.NullMarked;
