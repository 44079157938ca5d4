package io.credwatch.respond;

import static io.credwatch.event.CredentialKind.ACCESS_KEY;
import static io.credwatch.event.CredentialKind.API_KEY;
import static io.credwatch.event.CredentialKind.CERTIFICATE;
import static io.credwatch.event.CredentialKind.CLIENT_SECRET;
import static io.credwatch.event.CredentialKind.EC2_KEY_PAIR;
import static io.credwatch.event.CredentialKind.FEDERATED_CREDENTIAL;
import static io.credwatch.event.CredentialKind.FEDERATION_TOKEN;
import static io.credwatch.event.CredentialKind.HMAC_KEY;
import static io.credwatch.event.CredentialKind.IAM_SSH_KEY;
import static io.credwatch.event.CredentialKind.LOGIN_PROFILE;
import static io.credwatch.event.CredentialKind.OS_LOGIN_SSH_KEY;
import static io.credwatch.event.CredentialKind.OWNER;
import static io.credwatch.event.CredentialKind.SERVICE_ACCOUNT_KEY;
import static io.credwatch.event.CredentialKind.SERVICE_SPECIFIC_CREDENTIAL;
import static io.credwatch.event.CredentialKind.SIGNING_CERTIFICATE;
import static io.credwatch.event.CredentialKind.SSH_PUBLIC_KEY;
import static io.credwatch.event.CredentialKind.VM_ACCESS;
import static io.credwatch.event.CredentialKind.WORKLOAD_IDENTITY_PROVIDER;

import io.credwatch.event.Cloud;
import io.credwatch.event.CredentialKind;
import io.credwatch.rule.ActionCatalog;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The registry of remediation actions: rules may name only these. */
public final class RemediationActions implements ActionCatalog {
  public static final String AWS_DEACTIVATE_ACCESS_KEY = "aws.iam.deactivate-access-key";
  public static final String AWS_DELETE_LOGIN_PROFILE = "aws.iam.delete-login-profile";
  public static final String AWS_DEACTIVATE_SSH_PUBLIC_KEY = "aws.iam.deactivate-ssh-public-key";
  public static final String AWS_DEACTIVATE_SIGNING_CERTIFICATE =
      "aws.iam.deactivate-signing-certificate";
  public static final String AWS_DEACTIVATE_SERVICE_SPECIFIC_CREDENTIAL =
      "aws.iam.deactivate-service-specific-credential";
  public static final String AWS_DELETE_EC2_KEY_PAIR = "aws.ec2.delete-key-pair";
  public static final String AWS_DENY_FEDERATION_TOKENS = "aws.iam.deny-federation-tokens";

  /** removePassword for secrets; PATCH keyCredentials without the new key for certificates. */
  public static final String AZURE_REMOVE_CREDENTIAL = "azure.graph.remove-credential";

  public static final String AZURE_DELETE_APP_FEDERATED_CREDENTIAL =
      "azure.graph.delete-federated-credential";
  public static final String AZURE_REMOVE_OWNER = "azure.graph.remove-owner";
  public static final String AZURE_DELETE_MANAGED_IDENTITY_FEDERATED_CREDENTIAL =
      "azure.arm.delete-federated-credential";
  public static final String AZURE_DELETE_SSH_PUBLIC_KEY = "azure.arm.delete-ssh-public-key";
  public static final String AZURE_DELETE_VM_EXTENSION = "azure.arm.delete-vm-extension";
  public static final String GCP_DISABLE_SERVICE_ACCOUNT_KEY =
      "gcp.iam.disable-service-account-key";
  public static final String GCP_DEACTIVATE_HMAC_KEY = "gcp.storage.deactivate-hmac-key";
  public static final String GCP_DELETE_OS_LOGIN_KEY = "gcp.oslogin.delete-ssh-public-key";
  public static final String GCP_DISABLE_WORKLOAD_IDENTITY_PROVIDER =
      "gcp.iam.disable-workload-identity-provider";
  public static final String GCP_DELETE_API_KEY = "gcp.apikeys.delete-key";

  private static final Map<String, RemediationAction> ACTIONS = new LinkedHashMap<>();

  static {
    register(
        AWS_DEACTIVATE_ACCESS_KEY,
        Cloud.AWS,
        Set.of(ACCESS_KEY),
        List.of("iam:ListAccessKeys", "iam:UpdateAccessKey"),
        true,
        false,
        "sessions already minted with the key (GetSessionToken, GetFederationToken) stay valid until they expire");
    register(
        AWS_DELETE_LOGIN_PROFILE,
        Cloud.AWS,
        Set.of(LOGIN_PROFILE),
        List.of("iam:GetLoginProfile", "iam:GetUser", "iam:DeleteLoginProfile"),
        false,
        false,
        "console sessions already signed in stay valid until they expire; the user loses console sign-in until a new password is set");
    register(
        AWS_DEACTIVATE_SSH_PUBLIC_KEY,
        Cloud.AWS,
        Set.of(IAM_SSH_KEY),
        List.of("iam:ListSSHPublicKeys", "iam:UpdateSSHPublicKey"),
        true,
        false,
        "");
    register(
        AWS_DEACTIVATE_SIGNING_CERTIFICATE,
        Cloud.AWS,
        Set.of(SIGNING_CERTIFICATE),
        List.of("iam:ListSigningCertificates", "iam:UpdateSigningCertificate"),
        true,
        false,
        "");
    register(
        AWS_DEACTIVATE_SERVICE_SPECIFIC_CREDENTIAL,
        Cloud.AWS,
        Set.of(SERVICE_SPECIFIC_CREDENTIAL),
        List.of("iam:ListServiceSpecificCredentials", "iam:UpdateServiceSpecificCredential"),
        true,
        false,
        "");
    register(
        AWS_DELETE_EC2_KEY_PAIR,
        Cloud.AWS,
        Set.of(EC2_KEY_PAIR),
        List.of("ec2:DescribeKeyPairs", "ec2:DeleteKeyPair"),
        false,
        false,
        "instances already launched with the key pair keep trusting it in authorized_keys");
    register(
        AWS_DENY_FEDERATION_TOKENS,
        Cloud.AWS,
        Set.of(FEDERATION_TOKEN),
        List.of("iam:GetUserPolicy", "iam:PutUserPolicy"),
        true,
        false,
        "a federation token cannot be revoked; the deny on the issuing user covers every token issued up to now");
    register(
        AZURE_REMOVE_CREDENTIAL,
        Cloud.AZURE,
        Set.of(CLIENT_SECRET, CERTIFICATE),
        List.of("Application.ReadWrite.OwnedBy or Application.ReadWrite.All (Microsoft Graph)"),
        false,
        false,
        "app-only access tokens already issued stay valid until they expire (about an hour)");
    register(
        AZURE_DELETE_APP_FEDERATED_CREDENTIAL,
        Cloud.AZURE,
        Set.of(FEDERATED_CREDENTIAL),
        List.of("Application.ReadWrite.OwnedBy or Application.ReadWrite.All (Microsoft Graph)"),
        true,
        false,
        "tokens already exchanged stay valid until they expire");
    register(
        AZURE_REMOVE_OWNER,
        Cloud.AZURE,
        Set.of(OWNER),
        List.of("Application.ReadWrite.All (Microsoft Graph)"),
        true,
        true,
        "credentials the new owner already added must be reviewed separately");
    register(
        AZURE_DELETE_MANAGED_IDENTITY_FEDERATED_CREDENTIAL,
        Cloud.AZURE,
        Set.of(FEDERATED_CREDENTIAL),
        List.of(
            "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read",
            "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/delete"),
        true,
        false,
        "tokens already exchanged stay valid until they expire");
    register(
        AZURE_DELETE_SSH_PUBLIC_KEY,
        Cloud.AZURE,
        Set.of(SSH_PUBLIC_KEY),
        List.of("Microsoft.Compute/sshPublicKeys/read", "Microsoft.Compute/sshPublicKeys/delete"),
        false,
        true,
        "deleting the resource does not remove the key from virtual machines that use it");
    register(
        AZURE_DELETE_VM_EXTENSION,
        Cloud.AZURE,
        Set.of(VM_ACCESS),
        List.of(
            "Microsoft.Compute/virtualMachines/extensions/read",
            "Microsoft.Compute/virtualMachines/extensions/delete"),
        false,
        true,
        "removing the extension does not remove a key or password it already set on the machine");
    register(
        GCP_DISABLE_SERVICE_ACCOUNT_KEY,
        Cloud.GCP,
        Set.of(SERVICE_ACCOUNT_KEY),
        List.of("iam.serviceAccountKeys.get", "iam.serviceAccountKeys.disable"),
        true,
        false,
        "short-lived tokens already minted with the key stay valid until they expire");
    register(
        GCP_DEACTIVATE_HMAC_KEY,
        Cloud.GCP,
        Set.of(HMAC_KEY),
        List.of("storage.hmacKeys.get", "storage.hmacKeys.update"),
        true,
        false,
        "");
    register(
        GCP_DELETE_OS_LOGIN_KEY,
        Cloud.GCP,
        Set.of(OS_LOGIN_SSH_KEY),
        // No IAM role grants managing another person's OS Login keys: the templates cannot grant
        // it, and the remediator reports permission denied with the command the owner can run.
        List.of("the key owner's own OS Login access (no IAM permission grants it)"),
        true,
        false,
        "sessions already open stay open; Google lets only the key's owner or a Workspace"
            + " administrator manage a person's OS Login keys");
    register(
        GCP_DISABLE_WORKLOAD_IDENTITY_PROVIDER,
        Cloud.GCP,
        Set.of(WORKLOAD_IDENTITY_PROVIDER),
        List.of(
            "iam.workloadIdentityPoolProviders.get", "iam.workloadIdentityPoolProviders.update"),
        true,
        false,
        "tokens already exchanged stay valid until they expire");
    register(
        GCP_DELETE_API_KEY,
        Cloud.GCP,
        Set.of(API_KEY),
        List.of("apikeys.keys.get", "apikeys.keys.delete"),
        true,
        true,
        "a deleted API key can be undeleted for 30 days");
  }

  private static void register(
      String name,
      Cloud cloud,
      Set<CredentialKind> kinds,
      List<String> permissions,
      boolean reversible,
      boolean optIn,
      String caveat) {
    ACTIONS.put(
        name, new RemediationAction(name, cloud, kinds, permissions, reversible, optIn, caveat));
  }

  @Override
  public Optional<Set<CredentialKind>> kindsHandled(String action, Cloud cloud) {
    return find(action).filter(a -> a.cloud() == cloud).map(RemediationAction::kinds);
  }

  public static Optional<RemediationAction> find(String name) {
    return Optional.ofNullable(ACTIONS.get(name));
  }

  public static Collection<RemediationAction> all() {
    return ACTIONS.values();
  }
}
