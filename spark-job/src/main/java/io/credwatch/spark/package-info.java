/**
 * The Spark job: the scanner's detections over archives no single machine should scan, writing the
 * alert documents as JSON lines and OCSF Detection Findings as Parquet laid out the way Amazon
 * Security Lake custom sources expect.
 */
@NullMarked
package io.credwatch.spark;

import org.jspecify.annotations.NullMarked;
