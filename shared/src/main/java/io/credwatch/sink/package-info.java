/** Alert sinks that need no cloud SDK: the Teams Workflows webhook, usable from every cloud. */
@NullMarked
package io.credwatch.sink;

import org.jspecify.annotations.NullMarked;
