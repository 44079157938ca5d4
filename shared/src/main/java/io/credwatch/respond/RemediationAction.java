package io.credwatch.respond;

import io.credwatch.event.Cloud;
import io.credwatch.event.CredentialKind;
import java.util.List;
import java.util.Set;

/**
 * A named remediation, as Cloud Custodian declares its actions: what it handles and exactly which
 * cloud permissions it needs (the templates grant these and nothing more).
 *
 * @param name the name rules use, for example {@code aws.iam.deactivate-access-key}
 * @param cloud the cloud it runs against
 * @param kinds the credential kinds it handles
 * @param permissions the cloud permissions it uses: IAM actions, Graph application permissions, ARM
 *     actions or GCP permissions
 * @param reversible true when the undo restores the credential as it was
 * @param optIn true when it runs only where a rule is explicitly switched to enforce (design: owner
 *     removal, SSH key resources, VM extensions and GCP API keys)
 * @param caveat what disabling does not undo
 */
public record RemediationAction(
    String name,
    Cloud cloud,
    Set<CredentialKind> kinds,
    List<String> permissions,
    boolean reversible,
    boolean optIn,
    String caveat) {

  public RemediationAction {
    kinds = Set.copyOf(kinds);
    permissions = List.copyOf(permissions);
  }
}
