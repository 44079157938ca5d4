package io.credwatch.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.alert.Alert;
import io.credwatch.alert.AlertText;
import io.credwatch.alert.Severity;
import io.credwatch.alert.UntrustedText;
import io.credwatch.aws.AwsApi.Service;
import io.credwatch.respond.AlertDeliveryException;
import io.credwatch.respond.AlertSink;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Imports each alert into AWS Security Hub as a finding of the account's own default product
 * ({@code BatchImportFindings}, AWS Security Finding Format), where the security team already
 * triages. The finding's id is the alert's: a follow-up (confirmation, first use) updates the same
 * finding. Attacker-written text is clipped to Security Hub's field limits and neutralised as in
 * every plain-text alert ({@link UntrustedText#plain}), since findings flow on to tickets and chat;
 * identifiers stay exact, their length bounded.
 */
final class SecurityHubSink implements AlertSink {
  static final String PERMISSION = "securityhub:BatchImportFindings";

  /** ASFF's limits, in characters. */
  private static final int MAX_TITLE = 256;

  private static final int MAX_DESCRIPTION = 1024;
  private static final int MAX_RECOMMENDATION = 512;

  private final AwsApi api;
  private final String region;
  private final Supplier<String> ownAccount;

  SecurityHubSink(AwsApi api, String region, Supplier<String> ownAccount) {
    this.api = api;
    this.region = region;
    this.ownAccount = ownAccount;
  }

  @Override
  public String name() {
    return "securityhub";
  }

  @Override
  public void send(Alert alert) throws AlertDeliveryException {
    ObjectNode request = AwsApi.request();
    request.putArray("Findings").add(finding(alert, ownAccount.get(), region));
    JsonNode answer;
    try {
      answer = api.restJson(Service.SECURITY_HUB, region, "/findings/import", request);
    } catch (AwsServiceException error) {
      String code = error.awsErrorDetails() == null ? "" : error.awsErrorDetails().errorCode();
      throw new AlertDeliveryException(
          "Security Hub refused the finding: " + code + " (HTTP " + error.statusCode() + ")",
          error.isThrottlingException() || error.statusCode() >= 500);
    } catch (SdkException error) {
      throw new AlertDeliveryException(
          "could not reach Security Hub (" + error.getClass().getSimpleName() + ")", true);
    }
    // A 200 can still refuse findings one by one.
    if (answer.path("FailedCount").asInt(0) > 0) {
      JsonNode failed = answer.path("FailedFindings").path(0);
      String code = failed.path("ErrorCode").asText("");
      throw new AlertDeliveryException(
          "Security Hub did not import the finding: "
              + code
              + " "
              + UntrustedText.plain(failed.path("ErrorMessage").asText(""), 200),
          code.contains("Throttl") || code.contains("Internal"));
    }
  }

  /** The alert in the AWS Security Finding Format, as the account's own default product. */
  static ObjectNode finding(Alert alert, String account, String region) {
    String partition = AwsApi.partition(region);
    ObjectNode finding = AwsApi.request();
    finding.put("SchemaVersion", "2018-10-08");
    finding.put("Id", alert.id());
    finding.put(
        "ProductArn",
        "arn:"
            + partition
            + ":securityhub:"
            + region
            + ":"
            + account
            + ":product/"
            + account
            + "/default");
    finding.put("GeneratorId", "credwatch/" + alert.ruleName());
    finding.put("AwsAccountId", account);
    finding
        .putArray("Types")
        .add("TTPs/Persistence/" + Alert.TECHNIQUE + " " + Alert.TECHNIQUE_NAME);
    String detected = alert.detectedAt().toString();
    finding.put("CreatedAt", alert.eventTime().map(Object::toString).orElse(detected));
    finding.put("UpdatedAt", detected);
    alert.eventTime().ifPresent(at -> finding.put("FirstObservedAt", at.toString()));
    finding.putObject("Severity").put("Label", label(alert.severity()));
    finding.put(
        "Title", UntrustedText.plain(alert.title() + ": " + AlertText.subject(alert), MAX_TITLE));
    finding.put(
        "Description", UntrustedText.plain(String.join("; ", alert.reasons()), MAX_DESCRIPTION));
    String recommendation = alert.remediation().summary();
    finding
        .putObject("Remediation")
        .putObject("Recommendation")
        .put("Text", UntrustedText.plain(recommendation, MAX_RECOMMENDATION));
    ObjectNode resource = finding.putArray("Resources").addObject();
    resource.put("Type", alert.target().kind().id().equals("iam-user") ? "AwsIamUser" : "Other");
    resource.put(
        "Id",
        UntrustedText.truncate(
            alert.target().id().isEmpty() ? alert.target().displayName() : alert.target().id(),
            512));
    resource.put("Partition", partition);
    resource.put("Region", alert.region().isEmpty() ? region : alert.region());
    ObjectNode fields = finding.putObject("ProductFields");
    fields.put("credwatch/rule", alert.ruleName());
    fields.put("credwatch/credentialKind", alert.credential().kind().id());
    // Identifiers stay exact, for pivoting; only their length is bounded.
    fields.put("credwatch/credentialId", UntrustedText.truncate(alert.credential().id(), 256));
    fields.put("credwatch/actor", UntrustedText.truncate(alert.actor().principal(), 256));
    fields.put("credwatch/sourceIp", UntrustedText.truncate(alert.sourceIp(), 64));
    fields.put("credwatch/remediation", alert.remediation().outcome());
    return finding;
  }

  static String label(Severity severity) {
    return switch (severity) {
      case INFO -> "INFORMATIONAL";
      case LOW -> "LOW";
      case MEDIUM -> "MEDIUM";
      case HIGH -> "HIGH";
      case CRITICAL -> "CRITICAL";
    };
  }
}
