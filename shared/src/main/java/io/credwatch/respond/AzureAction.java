package io.credwatch.respond;

import static io.credwatch.event.CredentialKind.CERTIFICATE;
import static io.credwatch.event.CredentialKind.CLIENT_SECRET;
import static io.credwatch.event.CredentialKind.FEDERATED_CREDENTIAL;
import static io.credwatch.event.CredentialKind.OWNER;
import static io.credwatch.event.CredentialKind.SSH_PUBLIC_KEY;
import static io.credwatch.event.CredentialKind.VM_ACCESS;
import static io.credwatch.respond.ShellWords.quote;

import io.credwatch.event.Cloud;
import io.credwatch.event.CredentialKind;
import io.credwatch.event.TargetKind;
import io.credwatch.respond.RemediationLocator.ArmResource;
import io.credwatch.respond.RemediationLocator.GraphFederatedCredential;
import io.credwatch.respond.RemediationLocator.GraphKey;
import io.credwatch.respond.RemediationLocator.GraphObject;
import io.credwatch.respond.RemediationLocator.GraphOwner;

/** The Entra ID (Microsoft Graph) and Azure Resource Manager remediations. */
// The spec is an immutable record of immutable copies, and every planner a stateless method
// reference or lambda: Error Prone cannot see either.
@SuppressWarnings("ImmutableEnumChecker")
public enum AzureAction implements RemediationAction {
  /** removePassword for secrets; PATCH keyCredentials without the new key for certificates. */
  REMOVE_CREDENTIAL(
      azure("azure.graph.remove-credential", GraphKey.class, CLIENT_SECRET, CERTIFICATE)
          .withPermissions(GraphPermissions.APPLICATIONS)
          .withCaveat(
              "app-only access tokens already issued stay valid until they expire (about an hour)")
          .planning(AzureAction::graphKey)),

  DELETE_APP_FEDERATED_CREDENTIAL(
      azure(
              "azure.graph.delete-federated-credential",
              GraphFederatedCredential.class,
              FEDERATED_CREDENTIAL)
          .withPermissions(GraphPermissions.APPLICATIONS)
          .asReversible()
          .withCaveat("tokens already exchanged stay valid until they expire")
          .planning(AzureAction::appFederatedCredential)),

  REMOVE_OWNER(
      azure("azure.graph.remove-owner", GraphOwner.class, OWNER)
          .withPermissions("Application.ReadWrite.All (Microsoft Graph)")
          .asReversible()
          .asOptIn()
          .withCaveat("credentials the new owner already added must be reviewed separately")
          .planning(AzureAction::owner)),

  DELETE_MANAGED_IDENTITY_FEDERATED_CREDENTIAL(
      azure("azure.arm.delete-federated-credential", ArmResource.class, FEDERATED_CREDENTIAL)
          .withPermissions(
              "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read",
              "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/delete")
          .asReversible()
          .withCaveat("tokens already exchanged stay valid until they expire")
          .planning(
              p ->
                  armResource(
                      p,
                      "az identity federated-credential create --identity-name "
                          + quote(p.targetName())
                          + " --resource-group "
                          + quote(p.event().attribute("resourceGroup"))
                          + " --name "
                          + quote(p.id())
                          + " --issuer <issuer> --subject <subject>"))),

  DELETE_SSH_PUBLIC_KEY(
      azure("azure.arm.delete-ssh-public-key", ArmResource.class, SSH_PUBLIC_KEY)
          .withPermissions(
              "Microsoft.Compute/sshPublicKeys/read", "Microsoft.Compute/sshPublicKeys/delete")
          .asOptIn()
          .withCaveat(
              "deleting the resource does not remove the key from virtual machines that use it")
          .planning(
              p ->
                  armResource(
                      p,
                      "az sshkey create --resource-group "
                          + quote(p.event().attribute("resourceGroup"))
                          + " --name "
                          + quote(p.event().credential().displayName())
                          + " --public-key @<the public key>"))),

  DELETE_VM_EXTENSION(
      azure("azure.arm.delete-vm-extension", ArmResource.class, VM_ACCESS)
          .withPermissions(
              "Microsoft.Compute/virtualMachines/extensions/read",
              "Microsoft.Compute/virtualMachines/extensions/delete")
          .asOptIn()
          .withCaveat(
              "removing the extension does not remove a key or password it already set on the"
                  + " machine")
          .planning(
              p ->
                  armResource(
                      p, "re-run the extension if it was legitimate: az vm extension set ...")));

  /** The Graph permissions for application credentials, named once for every action using them. */
  private static final class GraphPermissions {
    static final String APPLICATIONS =
        "Application.ReadWrite.OwnedBy or Application.ReadWrite.All (Microsoft Graph)";
  }

  private final ActionSpec spec;

  AzureAction(ActionSpec spec) {
    this.spec = spec;
  }

  @Override
  public ActionSpec spec() {
    return spec;
  }

  private static ActionSpec azure(
      String id,
      Class<? extends RemediationLocator> locator,
      CredentialKind kind,
      CredentialKind... more) {
    return ActionSpec.of(id, Cloud.AZURE, locator, kind, more);
  }

  /** The application or service principal the event names, or null when it names neither. */
  private static GraphObject graphObject(Planning p, String defaultCollection) {
    String collection =
        switch (p.target().kind()) {
          case APPLICATION -> "applications";
          case SERVICE_PRINCIPAL -> "servicePrincipals";
          default -> defaultCollection;
        };
    return new GraphObject(collection, p.target().id());
  }

  private static RemediationPlan graphKey(Planning p) {
    GraphObject object = graphObject(p, "");
    if (object.collection().isEmpty() || object.id().isEmpty()) {
      return p.none("the record names no application or service principal object id");
    }
    boolean password = p.event().credential().kind() == CLIENT_SECRET;
    return p.act(
        new GraphKey(object, p.id()),
        (password ? "remove password " : "remove certificate ")
            + p.id()
            + " from "
            + p.target().kind().id()
            + " "
            + p.targetName()
            + " ("
            + object.id()
            + ")",
        password
            ? "none: a removed secret cannot be restored; create a new secret if the owner needs one"
            : "az ad "
                + (object.collection().equals("applications") ? "app" : "sp")
                + " credential reset --id "
                + quote(object.id())
                + " --cert @<the certificate> --append");
  }

  private static RemediationPlan appFederatedCredential(Planning p) {
    if (p.target().kind() != TargetKind.APPLICATION || p.target().id().isEmpty()) {
      return p.none("the record names no application object id");
    }
    var credential = p.event().credential();
    String subject = credential.details().getOrDefault("subject", "");
    String audiences = credential.details().getOrDefault("audiences", "api://AzureADTokenExchange");
    // Built by a JSON library: the subject and issuer are attacker-written, and a quote in them
    // must stay inside its string, not add an "issuer" of its own.
    var fields = new java.util.LinkedHashMap<String, Object>();
    fields.put("name", credential.displayName());
    fields.put("issuer", credential.issuer());
    fields.put("subject", subject);
    fields.put("audiences", java.util.List.of(audiences));
    String definition;
    try {
      definition = io.credwatch.json.JsonLimits.defaultMapper().writeValueAsString(fields);
    } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
      throw new IllegalStateException("plain values always serialize", impossible);
    }
    return p.act(
        new GraphFederatedCredential(p.target().id(), p.id()),
        "delete federated identity credential "
            + p.id()
            + " (issuer "
            + credential.issuer()
            + ") from application "
            + p.targetName(),
        "az ad app federated-credential create --id "
            + quote(p.target().id())
            + " --parameters "
            + quote(definition));
  }

  private static RemediationPlan owner(Planning p) {
    GraphObject object = graphObject(p, "applications");
    if (object.id().isEmpty()) {
      return p.none("the record names no application or service principal object id");
    }
    return p.act(
        new GraphOwner(object, p.id()),
        "remove owner "
            + p.event().credential().displayName()
            + " ("
            + p.id()
            + ") from "
            + p.target().kind().id()
            + " "
            + p.targetName(),
        "az ad "
            + (object.collection().equals("applications") ? "app" : "sp")
            + " owner add --id "
            + quote(object.id())
            + " --owner-object-id "
            + quote(p.id()));
  }

  private static RemediationPlan armResource(Planning p, String undo) {
    String resourceId = p.event().attribute("resourceId");
    if (!resourceId.startsWith("/subscriptions/")) {
      return p.none("the record names no full Azure resource id");
    }
    return p.act(
        new ArmResource(resourceId),
        "delete "
            + p.event().credential().kind().description()
            + " "
            + p.event().credential().displayName()
            + " ("
            + resourceId
            + ")",
        undo);
  }
}
