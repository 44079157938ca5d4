/**
 * {@code ./credwatch aws-invoke}: the deployable jar run once by Lambda's own runtime interface
 * client, against a Runtime API on loopback (LambdaRuntimeApi) that hands it the file. Never
 * deployed.
 */
@NullMarked
package io.credwatch.invoke.aws;

import org.jspecify.annotations.NullMarked;
