/**
 * The AWS Lambda function: the handler (CredWatchHandler, the entry point), its core (AwsCore:
 * EventBridge events and SQS batches into the shared pipeline, batch item failures out), its
 * settings (AwsSettings), the SNS sink, the IAM and EC2 remediator (AwsRemediator), the SDK clients
 * (AwsClients) and error mapping (AwsErrors). SnapStart priming lives here too.
 */
@NullMarked
package io.credwatch.aws;

import org.jspecify.annotations.NullMarked;
