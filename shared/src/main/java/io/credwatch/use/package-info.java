/**
 * Created, then used: follows each new credential to its first use in what a scan reads, by exact
 * id (architecture §13).
 */
@NullMarked
package io.credwatch.use;

import org.jspecify.annotations.NullMarked;
