/**
 * JsonLog: one JSON object per line on standard error, the form CloudWatch, Cloud Logging and
 * Application Insights all parse; never a secret or a webhook URL.
 */
@NullMarked
package io.credwatch.log;

import org.jspecify.annotations.NullMarked;
