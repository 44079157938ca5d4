package io.credwatch.alert;

import io.credwatch.event.CredentialEvent;
import io.credwatch.event.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the Microsoft Sentinel analytic for T1098.001 projects from an Entra audit record, under its
 * own names, so that an alert reads like the analytic's row (docs/sentinel-parity.md): the
 * credential type it derives from the operation name, the initiator's app and IP address, the
 * correlation id and its three flags. The flags explain; none of them changes a severity.
 *
 * @param credentialType "Certificate/Secret", "ServicePrincipalCredential", "AppPassword" or
 *     "Other", as the analytic derives it
 * @param initiatingUpn {@code InitiatedBy.user.userPrincipalName}
 * @param initiatingApp {@code InitiatedBy.app.displayName}
 * @param initiatingIpAddress {@code InitiatedBy.user.ipAddress}
 * @param correlationId the record's correlation id
 * @param isServiceAccount the initiator's UPN contains svc-, service, automation, pipeline or
 *     deploy
 * @param isSelfModification the first target's display name is the initiator's UPN (ignoring case)
 * @param isHighPrivTarget the first target is a service principal or an application
 */
public record AnalyticFields(
    String credentialType,
    String initiatingUpn,
    String initiatingApp,
    String initiatingIpAddress,
    String correlationId,
    boolean isServiceAccount,
    boolean isSelfModification,
    boolean isHighPrivTarget) {

  /** The analytic's service-account markers, matched anywhere in the UPN, ignoring case. */
  static final List<String> SERVICE_ACCOUNT_MARKERS =
      List.of("svc-", "service", "automation", "pipeline", "deploy");

  /** The fields of an Entra audit event; empty for every other source. */
  public static Optional<AnalyticFields> of(CredentialEvent event) {
    if (event.source() != Source.ENTRA_AUDIT) {
      return Optional.empty();
    }
    String upn = event.attribute("initiatingUpn");
    String lowerUpn = upn.toLowerCase(Locale.ROOT);
    String targetType = event.attribute("targetType");
    String targetName = event.attribute("targetResource");
    return Optional.of(
        new AnalyticFields(
            credentialType(event.operation().name()),
            upn,
            event.attribute("initiatingApp"),
            event.attribute("initiatingIpAddress"),
            event.correlationId(),
            SERVICE_ACCOUNT_MARKERS.stream().anyMatch(lowerUpn::contains),
            // The analytic's =~ also equates two empty strings; an app-initiated change of a
            // nameless target is not a self-modification.
            !upn.isEmpty() && targetName.equalsIgnoreCase(upn),
            targetType.equalsIgnoreCase("ServicePrincipal")
                || targetType.equalsIgnoreCase("Application")));
  }

  /** The analytic's CredentialType column, from the operation name. */
  public static String credentialType(String operationName) {
    String name = operationName.toLowerCase(Locale.ROOT);
    if (name.endsWith("application password for user")) {
      return "AppPassword";
    }
    if (name.contains("certificates")) {
      return "Certificate/Secret";
    }
    return name.contains("credentials") ? "ServicePrincipalCredential" : "Other";
  }

  /** One reason per flag that is set, for the alert's reasons. */
  public List<String> reasons() {
    List<String> reasons = new ArrayList<>(3);
    if (isHighPrivTarget) {
      reasons.add(
          "IsHighPrivTarget: the target is a service principal or application, which can hold"
              + " tenant-wide permissions");
    }
    if (isSelfModification) {
      reasons.add("IsSelfModification: the initiator changed its own object");
    }
    if (isServiceAccount) {
      reasons.add(
          "IsServiceAccount: the initiator's name looks like a service account (this explains;"
              + " it never lowers the severity, as an intruder chooses names)");
    }
    return reasons;
  }
}
