package io.credwatch.respond;

import static io.credwatch.respond.ShellWords.quote;

import io.credwatch.detect.Finding;
import io.credwatch.event.CredentialEvent;
import io.credwatch.event.TargetKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a finding into the plan for its rule's remediation action: which exact credential, with
 * which parameters, described in words, and how to undo it. Pure code: no cloud calls.
 */
public final class RemediationPlanner {

  public RemediationPlan plan(Finding finding) {
    Optional<String> actionName = finding.rule().remediation();
    if (actionName.isEmpty()) {
      return new RemediationPlan.None(
          finding.rule().remediationNote().isEmpty()
              ? "alert only: no automatic remediation for this credential"
              : "alert only");
    }
    RemediationAction action =
        RemediationActions.find(actionName.get())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "rule names unregistered action " + actionName.get()));
    CredentialEvent event = finding.event();
    if (event.target().kind() == TargetKind.ROOT_USER) {
      return new RemediationPlan.None(
          "root credentials are alert-only: only the root user (or centralised root access) can act on them");
    }
    if (event.credential().id().isEmpty() && needsCredentialId(action.name())) {
      return new RemediationPlan.None(
          "the record does not name the new "
              + event.credential().kind().description()
              + ", so nothing can be disabled safely");
    }
    return new Draft(action, event).build();
  }

  private static boolean needsCredentialId(String action) {
    return !action.equals(RemediationActions.AWS_DELETE_LOGIN_PROFILE)
        && !action.equals(RemediationActions.AWS_DENY_FEDERATION_TOKENS);
  }

  /** Builds one plan. */
  private static final class Draft {
    private final RemediationAction action;
    private final CredentialEvent event;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final String id;
    private final String targetName;

    Draft(RemediationAction action, CredentialEvent event) {
      this.action = action;
      this.event = event;
      this.id = event.credential().id();
      this.targetName = event.target().name();
    }

    RemediationPlan build() {
      return switch (action.name()) {
        case RemediationActions.AWS_DEACTIVATE_ACCESS_KEY ->
            iamUser()
                .orElseGet(
                    () ->
                        act(
                            "accessKeyId",
                            "set access key " + id + " of IAM user " + targetName + " to Inactive",
                            "aws iam update-access-key --user-name "
                                + quote(targetName)
                                + " --access-key-id "
                                + quote(id)
                                + " --status Active"));
        case RemediationActions.AWS_DELETE_LOGIN_PROFILE ->
            iamUser()
                .orElseGet(
                    () ->
                        actOnLoginProfile(
                            "delete the console password (login profile) of IAM user " + targetName,
                            "aws iam create-login-profile --user-name "
                                + quote(targetName)
                                + " --password-reset-required --password '<a new password>'"));
        case RemediationActions.AWS_DEACTIVATE_SSH_PUBLIC_KEY ->
            iamUser()
                .orElseGet(
                    () ->
                        act(
                            "sshPublicKeyId",
                            "set CodeCommit SSH key "
                                + id
                                + " of IAM user "
                                + targetName
                                + " to Inactive",
                            "aws iam update-ssh-public-key --user-name "
                                + quote(targetName)
                                + " --ssh-public-key-id "
                                + quote(id)
                                + " --status Active"));
        case RemediationActions.AWS_DEACTIVATE_SIGNING_CERTIFICATE ->
            iamUser()
                .orElseGet(
                    () ->
                        act(
                            "certificateId",
                            "set signing certificate "
                                + id
                                + " of IAM user "
                                + targetName
                                + " to Inactive",
                            "aws iam update-signing-certificate --user-name "
                                + quote(targetName)
                                + " --certificate-id "
                                + quote(id)
                                + " --status Active"));
        case RemediationActions.AWS_DEACTIVATE_SERVICE_SPECIFIC_CREDENTIAL ->
            iamUser()
                .orElseGet(
                    () ->
                        act(
                            "serviceSpecificCredentialId",
                            "set service-specific credential "
                                + id
                                + " of IAM user "
                                + targetName
                                + " to Inactive",
                            "aws iam update-service-specific-credential --user-name "
                                + quote(targetName)
                                + " --service-specific-credential-id "
                                + quote(id)
                                + " --status Active"));
        case RemediationActions.AWS_DELETE_EC2_KEY_PAIR -> ec2KeyPair();
        case RemediationActions.AWS_DENY_FEDERATION_TOKENS -> federationTokens();
        case RemediationActions.AZURE_REMOVE_CREDENTIAL -> graphKey();
        case RemediationActions.AZURE_DELETE_APP_FEDERATED_CREDENTIAL -> appFederatedCredential();
        case RemediationActions.AZURE_REMOVE_OWNER -> owner();
        case RemediationActions.AZURE_DELETE_MANAGED_IDENTITY_FEDERATED_CREDENTIAL,
            RemediationActions.AZURE_DELETE_SSH_PUBLIC_KEY,
            RemediationActions.AZURE_DELETE_VM_EXTENSION ->
            armResource();
        case RemediationActions.GCP_DISABLE_SERVICE_ACCOUNT_KEY -> serviceAccountKey();
        case RemediationActions.GCP_DEACTIVATE_HMAC_KEY -> hmacKey();
        case RemediationActions.GCP_DELETE_OS_LOGIN_KEY -> osLoginKey();
        case RemediationActions.GCP_DISABLE_WORKLOAD_IDENTITY_PROVIDER ->
            workloadIdentityProvider();
        case RemediationActions.GCP_DELETE_API_KEY -> apiKey();
        default -> new RemediationPlan.None("no planner for action " + action.name());
      };
    }

    /** Empty when the target is an IAM user (and records its name); otherwise why not. */
    private Optional<RemediationPlan> iamUser() {
      if (event.target().kind() != TargetKind.IAM_USER || targetName.isEmpty()) {
        return Optional.of(
            new RemediationPlan.None(
                "the record does not name the IAM user that holds the credential"));
      }
      parameters.put("userName", targetName);
      return Optional.empty();
    }

    private RemediationPlan act(String idParameter, String description, String undo) {
      if (!idParameter.isEmpty()) {
        parameters.put(idParameter, id);
      }
      return new RemediationPlan.Act(
          action,
          event.account(),
          event.region(),
          event.credential().kind(),
          id,
          event.target(),
          event.credential().createdAt().or(event::eventTime),
          parameters,
          description,
          undo);
    }

    /**
     * An update replaces the password of an existing login profile: its creation date is older than
     * the event, so the remediator checks that the profile exists rather than its date.
     */
    private RemediationPlan actOnLoginProfile(String description, String undo) {
      parameters.put(
          "change", event.operation().name().equals("UpdateLoginProfile") ? "update" : "create");
      return act("", description, undo);
    }

    private RemediationPlan ec2KeyPair() {
      if (!event.operation().service().equals("ec2.amazonaws.com")) {
        return new RemediationPlan.None("Lightsail key pairs are alert-only");
      }
      String keyName =
          event.credential().details().getOrDefault("keyName", event.credential().displayName());
      parameters.put("region", event.region());
      parameters.put("keyName", keyName);
      if (id.startsWith("key-")) {
        parameters.put("keyPairId", id);
      }
      return act(
          "",
          "delete EC2 key pair " + keyName + " (" + id + ") in " + event.region(),
          "aws ec2 import-key-pair --region "
              + quote(event.region())
              + " --key-name "
              + quote(keyName)
              + " --public-key-material fileb://<the public key>");
    }

    private RemediationPlan federationTokens() {
      if (event.target().kind() != TargetKind.IAM_USER || event.eventTime().isEmpty()) {
        return new RemediationPlan.None(
            "the record names no issuing IAM user or no time, so no time-bounded deny can be written");
      }
      String policyName = "credwatch-deny-federation-" + event.eventTime().get().getEpochSecond();
      parameters.put("userName", targetName);
      parameters.put("policyName", policyName);
      parameters.put("issuedBefore", event.eventTime().get().plusSeconds(60).toString());
      parameters.put("federationTokenAccessKeyId", id);
      return act(
          "",
          "attach inline policy "
              + policyName
              + " to IAM user "
              + targetName
              + ", denying every action to sessions issued before "
              + parameters.get("issuedBefore"),
          "aws iam delete-user-policy --user-name "
              + quote(targetName)
              + " --policy-name "
              + quote(policyName));
    }

    private RemediationPlan graphKey() {
      String objectType =
          switch (event.target().kind()) {
            case APPLICATION -> "applications";
            case SERVICE_PRINCIPAL -> "servicePrincipals";
            default -> "";
          };
      if (objectType.isEmpty() || event.target().id().isEmpty()) {
        return new RemediationPlan.None(
            "the record names no application or service principal object id");
      }
      parameters.put("objectType", objectType);
      parameters.put("objectId", event.target().id());
      boolean password =
          event.credential().kind() == io.credwatch.event.CredentialKind.CLIENT_SECRET;
      return act(
          "keyId",
          (password ? "remove password " : "remove certificate ")
              + id
              + " from "
              + event.target().kind().id()
              + " "
              + targetName
              + " ("
              + event.target().id()
              + ")",
          password
              ? "none: a removed secret cannot be restored; create a new secret if the owner needs one"
              : "az ad "
                  + (objectType.equals("applications") ? "app" : "sp")
                  + " credential reset --id "
                  + quote(event.target().id())
                  + " --cert @<the certificate> --append");
    }

    private RemediationPlan appFederatedCredential() {
      if (event.target().kind() != TargetKind.APPLICATION || event.target().id().isEmpty()) {
        return new RemediationPlan.None("the record names no application object id");
      }
      parameters.put("applicationObjectId", event.target().id());
      String subject = event.credential().details().getOrDefault("subject", "");
      String audiences =
          event.credential().details().getOrDefault("audiences", "api://AzureADTokenExchange");
      String definition =
          "{\"name\":\""
              + event.credential().displayName()
              + "\",\"issuer\":\""
              + event.credential().issuer()
              + "\",\"subject\":\""
              + subject
              + "\",\"audiences\":[\""
              + audiences
              + "\"]}";
      return act(
          "federatedCredentialId",
          "delete federated identity credential "
              + id
              + " (issuer "
              + event.credential().issuer()
              + ") from application "
              + targetName,
          "az ad app federated-credential create --id "
              + quote(event.target().id())
              + " --parameters "
              + quote(definition));
    }

    private RemediationPlan owner() {
      String objectType =
          event.target().kind() == TargetKind.SERVICE_PRINCIPAL
              ? "servicePrincipals"
              : "applications";
      if (event.target().id().isEmpty()) {
        return new RemediationPlan.None(
            "the record names no application or service principal object id");
      }
      parameters.put("objectType", objectType);
      parameters.put("objectId", event.target().id());
      return act(
          "ownerId",
          "remove owner "
              + event.credential().displayName()
              + " ("
              + id
              + ") from "
              + event.target().kind().id()
              + " "
              + targetName,
          "az ad "
              + (objectType.equals("applications") ? "app" : "sp")
              + " owner add --id "
              + quote(event.target().id())
              + " --owner-object-id "
              + quote(id));
    }

    private RemediationPlan armResource() {
      String resourceId = event.attribute("resourceId");
      if (!resourceId.startsWith("/subscriptions/")) {
        return new RemediationPlan.None("the record names no full Azure resource id");
      }
      parameters.put("resourceId", resourceId);
      String what = event.credential().kind().description();
      return act(
          "",
          "delete " + what + " " + event.credential().displayName() + " (" + resourceId + ")",
          switch (action.name()) {
            case RemediationActions.AZURE_DELETE_MANAGED_IDENTITY_FEDERATED_CREDENTIAL ->
                "az identity federated-credential create --identity-name "
                    + quote(targetName)
                    + " --resource-group "
                    + quote(event.attribute("resourceGroup"))
                    + " --name "
                    + quote(id)
                    + " --issuer <issuer> --subject <subject>";
            case RemediationActions.AZURE_DELETE_SSH_PUBLIC_KEY ->
                "az sshkey create --resource-group "
                    + quote(event.attribute("resourceGroup"))
                    + " --name "
                    + quote(event.credential().displayName())
                    + " --public-key @<the public key>";
            default -> "re-run the extension if it was legitimate: az vm extension set ...";
          });
    }

    private RemediationPlan serviceAccountKey() {
      String account = event.target().id();
      if (account.isEmpty()) {
        return new RemediationPlan.None("the record names no service account");
      }
      parameters.put("project", event.account());
      parameters.put("serviceAccount", account);
      return act(
          "keyId",
          "disable key " + id + " of service account " + account,
          "gcloud iam service-accounts keys enable "
              + quote(id)
              + " --iam-account "
              + quote(account)
              + " --project "
              + quote(event.account()));
    }

    private RemediationPlan hmacKey() {
      parameters.put("project", event.account());
      return act(
          "accessId",
          "set HMAC key " + id + " to INACTIVE",
          "gcloud storage hmac update "
              + quote(id)
              + " --activate --project "
              + quote(event.account()));
    }

    private RemediationPlan osLoginKey() {
      parameters.put("user", event.target().id());
      parameters.put(
          "osLoginFingerprint",
          event.credential().details().getOrDefault("osLoginFingerprint", ""));
      return act(
          "sha256Fingerprint",
          "delete OS Login SSH key " + id + " of " + event.target().id(),
          "gcloud compute os-login ssh-keys add --key-file <the public key> (signed in as "
              + event.target().id()
              + ")");
    }

    private RemediationPlan workloadIdentityProvider() {
      parameters.put("providerName", id);
      return act(
          "",
          "disable workload identity provider " + id,
          "curl -X PATCH -H \"Authorization: Bearer $(gcloud auth print-access-token)\" -H 'Content-Type: application/json' "
              + quote("https://iam.googleapis.com/v1/" + id + "?updateMask=disabled")
              + " -d '{\"disabled\": false}'");
    }

    private RemediationPlan apiKey() {
      parameters.put("project", event.account());
      parameters.put("keyName", event.credential().details().getOrDefault("keyName", ""));
      return act(
          "keyId",
          "delete API key " + id + " (it can be undeleted for 30 days)",
          "gcloud services api-keys undelete "
              + quote(id)
              + " --project "
              + quote(event.account()));
    }
  }
}
