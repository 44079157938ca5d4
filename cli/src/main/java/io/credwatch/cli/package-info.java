/** The offline scanner and the ./credwatch command line. */
@NullMarked
package io.credwatch.cli;

import org.jspecify.annotations.NullMarked;
