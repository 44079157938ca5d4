package io.credwatch.event;

import java.util.Locale;
import java.util.Optional;

/**
 * What kind of credential was added: the vocabulary of architecture §4, used verbatim in alerts.
 *
 * <p>{@link #TEMPORARY_ACCESS_PASS} extends that vocabulary: the catalogue lists Entra Temporary
 * Access Passes as a credential type, and naming one an "app-password" would mislead the on-call
 * engineer. {@link #APP_ROLE_ASSIGNMENT} (an application permission granted to a service principal)
 * and {@link #APPLICATION} (a new app registration, a credential holder in waiting) are what the
 * Sentinel analytic also reports; they are not secrets, and their rules say so.
 */
public enum CredentialKind {
  ACCESS_KEY("access-key", Cloud.AWS, "access key"),
  LOGIN_PROFILE("login-profile", Cloud.AWS, "console password"),
  IAM_SSH_KEY("iam-ssh-key", Cloud.AWS, "CodeCommit SSH public key"),
  SIGNING_CERTIFICATE("signing-certificate", Cloud.AWS, "X.509 signing certificate"),
  SERVICE_SPECIFIC_CREDENTIAL(
      "service-specific-credential", Cloud.AWS, "service-specific credential"),
  EC2_KEY_PAIR("ec2-key-pair", Cloud.AWS, "SSH key pair"),
  INSTANCE_SSH_KEY("instance-ssh-key", Cloud.AWS, "instance SSH key"),
  FEDERATION_TOKEN("federation-token", Cloud.AWS, "federation token"),
  TRUST_ANCHOR("trust-anchor", Cloud.AWS, "Roles Anywhere trust anchor"),
  IDENTITY_PROVIDER("identity-provider", Cloud.AWS, "OIDC/SAML identity provider"),
  CLIENT_SECRET("client-secret", Cloud.AZURE, "client secret"),
  CERTIFICATE("certificate", Cloud.AZURE, "certificate credential"),
  FEDERATED_CREDENTIAL("federated-credential", Cloud.AZURE, "federated identity credential"),
  APP_PASSWORD("app-password", Cloud.AZURE, "app password"),
  OWNER("owner", Cloud.AZURE, "owner"),
  APP_ROLE_ASSIGNMENT("app-role-assignment", Cloud.AZURE, "application permission"),
  APPLICATION("application", Cloud.AZURE, "application registration"),
  TEMPORARY_ACCESS_PASS("temporary-access-pass", Cloud.AZURE, "Temporary Access Pass"),
  SSH_PUBLIC_KEY("ssh-public-key", Cloud.AZURE, "SSH public key resource"),
  VM_ACCESS("vm-access", Cloud.AZURE, "VM access extension"),
  SERVICE_ACCOUNT_KEY("service-account-key", Cloud.GCP, "service account key"),
  HMAC_KEY("hmac-key", Cloud.GCP, "HMAC key"),
  API_KEY("api-key", Cloud.GCP, "API key"),
  OS_LOGIN_SSH_KEY("os-login-ssh-key", Cloud.GCP, "OS Login SSH key"),
  METADATA_SSH_KEY("metadata-ssh-key", Cloud.GCP, "metadata SSH key"),
  WORKLOAD_IDENTITY_PROVIDER("workload-identity-provider", Cloud.GCP, "workload identity provider");

  private final String id;
  private final Cloud cloud;
  private final String description;

  CredentialKind(String id, Cloud cloud, String description) {
    this.id = id;
    this.cloud = cloud;
    this.description = description;
  }

  /** The vocabulary name, for example {@code access-key}. */
  public String id() {
    return id;
  }

  public Cloud cloud() {
    return cloud;
  }

  /** A few words for people, for example "access key". */
  public String description() {
    return description;
  }

  public static Optional<CredentialKind> fromId(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (CredentialKind kind : values()) {
      if (kind.id.equals(wanted)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
