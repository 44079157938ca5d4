package io.credwatch.azure;

import io.credwatch.event.CredentialKind;
import io.credwatch.http.BearerRest;
import io.credwatch.respond.AzureAction;
import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationLocator;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.Remediator;
import io.credwatch.respond.VerifiedRemediation;
import java.net.URI;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs every Entra ID and Azure Resource Manager action over REST, each through {@link
 * VerifiedRemediation}: an application's or service principal's password or certificate removed, an
 * application's federated credential deleted, an owner removed (opt-in), and an ARM resource
 * deleted: a managed identity's federated credential, or (opt-in) an SSH public key resource or a
 * VM access extension. Ids from the event are checked against their expected shape before any
 * request is built from them.
 */
final class AzureRemediator implements Remediator {
  static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Set<String> GRAPH_COLLECTIONS = Set.of("applications", "servicePrincipals");
  private static final String SEGMENT = "[^/?#]+";
  private static final String GROUP = "/subscriptions/" + SEGMENT + "/resourceGroups/" + SEGMENT;

  /** The resource id shape an ARM action may delete, and the API version to call it with. */
  private record ArmType(Pattern shape, String apiVersion) {
    static ArmType of(String providerPath, String apiVersion) {
      return new ArmType(
          Pattern.compile(GROUP + "/providers/" + providerPath, Pattern.CASE_INSENSITIVE),
          apiVersion);
    }
  }

  private static final ArmType MANAGED_IDENTITY_FEDERATED_CREDENTIAL =
      ArmType.of(
          "Microsoft\\.ManagedIdentity/userAssignedIdentities/"
              + SEGMENT
              + "/federatedIdentityCredentials/"
              + SEGMENT,
          "2023-01-31");
  private static final ArmType SSH_PUBLIC_KEY =
      ArmType.of("Microsoft\\.Compute/sshPublicKeys/" + SEGMENT, "2024-07-01");
  private static final ArmType VM_EXTENSION =
      ArmType.of(
          "Microsoft\\.Compute/(virtualMachines|virtualMachineScaleSets)/"
              + SEGMENT
              + "/extensions/"
              + SEGMENT,
          "2024-07-01");

  private final BearerRest graph;
  private final BearerRest arm;

  AzureRemediator(BearerRest graph, BearerRest arm) {
    this.graph = graph;
    this.arm = arm;
  }

  @Override
  public Set<AzureAction> actions() {
    return EnumSet.allOf(AzureAction.class);
  }

  @Override
  public Outcome apply(RemediationPlan.Act plan, RemediationMode mode) {
    return switch ((AzureAction) plan.action()) {
      case REMOVE_CREDENTIAL -> graphKey(plan, mode);
      case DELETE_APP_FEDERATED_CREDENTIAL -> appFederatedCredential(plan, mode);
      case REMOVE_OWNER -> owner(plan, mode);
      case DELETE_MANAGED_IDENTITY_FEDERATED_CREDENTIAL ->
          armResource(plan, mode, MANAGED_IDENTITY_FEDERATED_CREDENTIAL);
      case DELETE_SSH_PUBLIC_KEY -> armResource(plan, mode, SSH_PUBLIC_KEY);
      case DELETE_VM_EXTENSION -> armResource(plan, mode, VM_EXTENSION);
    };
  }

  private static boolean graphObject(RemediationLocator.GraphObject object) {
    return GRAPH_COLLECTIONS.contains(object.collection()) && GUID.matcher(object.id()).matches();
  }

  private Outcome graphKey(RemediationPlan.Act plan, RemediationMode mode) {
    var key = plan.locator(RemediationLocator.GraphKey.class);
    if (!graphObject(key.object()) || !GUID.matcher(key.keyId()).matches()) {
      return new Outcome.Skipped(
          "the event names no application or service principal object id and key id (GUIDs)");
    }
    return VerifiedRemediation.run(
        plan,
        mode,
        new AzureSteps.GraphKey(graph, key, plan.kind() == CredentialKind.CLIENT_SECRET, plan));
  }

  private Outcome appFederatedCredential(RemediationPlan.Act plan, RemediationMode mode) {
    var credential = plan.locator(RemediationLocator.GraphFederatedCredential.class);
    if (!GUID.matcher(credential.applicationObjectId()).matches()
        || credential.credentialId().isEmpty()) {
      return new Outcome.Skipped(
          "the event names no application object id and federated credential id");
    }
    return VerifiedRemediation.run(
        plan, mode, new AzureSteps.GraphFederatedCredential(graph, credential, plan));
  }

  private Outcome owner(RemediationPlan.Act plan, RemediationMode mode) {
    var owner = plan.locator(RemediationLocator.GraphOwner.class);
    if (!graphObject(owner.object()) || !GUID.matcher(owner.ownerId()).matches()) {
      return new Outcome.Skipped("the event names no object id and owner id (GUIDs)");
    }
    return VerifiedRemediation.run(plan, mode, new AzureSteps.GraphOwner(graph, owner, plan));
  }

  private Outcome armResource(RemediationPlan.Act plan, RemediationMode mode, ArmType type) {
    String resourceId = plan.locator(RemediationLocator.ArmResource.class).resourceId();
    if (!type.shape().matcher(resourceId).matches()) {
      return new Outcome.Skipped(
          "the event names no resource id of the kind " + plan.action().id() + " deletes");
    }
    URI resource =
        arm.uri(
            Arrays.stream(resourceId.split("/", -1))
                    .map(part -> part.isEmpty() ? part : BearerRest.segment(part))
                    .collect(Collectors.joining("/"))
                + "?api-version="
                + type.apiVersion());
    return VerifiedRemediation.run(
        plan,
        mode,
        new AzureSteps.ArmResource(
            arm,
            resource,
            plan.kind().description() + " " + resourceId,
            String.join(" and ", plan.action().permissions()),
            plan));
  }
}
