package io.credwatch.respond;

import io.credwatch.event.CredentialKind;
import io.credwatch.event.Target;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What remediation would do for a finding, before policy and before any cloud call. */
public sealed interface RemediationPlan permits RemediationPlan.Act, RemediationPlan.None {

  /**
   * Disable or remove exactly one credential.
   *
   * @param action the registered action
   * @param account the account, subscription or project
   * @param region the region (EC2 key pairs), or ""
   * @param kind the credential kind
   * @param credentialId the exact id of the credential to act on
   * @param target the identity or resource that holds it
   * @param createdAt when the event says it was created: remediators check the credential they find
   *     was created then, so a replayed or forged event cannot disable an older, legitimate
   *     credential
   * @param parameters what the cloud call needs (user name, object id, key id, resource id...)
   * @param description what will be done, in words
   * @param undo how to undo it (a command, with every value shell-quoted)
   */
  record Act(
      RemediationAction action,
      String account,
      String region,
      CredentialKind kind,
      String credentialId,
      Target target,
      Optional<Instant> createdAt,
      Map<String, String> parameters,
      String description,
      String undo)
      implements RemediationPlan {

    public Act {
      parameters = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(parameters));
    }

    /** A parameter, or "" when absent. */
    public String parameter(String name) {
      return parameters.getOrDefault(name, "");
    }
  }

  /** Nothing can or may be done, and why. */
  record None(String reason) implements RemediationPlan {}
}
