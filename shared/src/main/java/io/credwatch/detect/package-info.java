/** The detector: context flags, rule evaluation, severity and its reasons, suppressions. */
@NullMarked
package io.credwatch.detect;

import org.jspecify.annotations.NullMarked;
