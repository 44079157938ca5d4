package io.credwatch.azure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.event.CredentialKind;
import io.credwatch.http.BearerRest;
import io.credwatch.json.JsonLimits;
import io.credwatch.respond.AzureAction;
import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationLocator;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.Remediator;
import io.credwatch.respond.RestSteps;
import io.credwatch.respond.VerifiedRemediation;
import io.credwatch.respond.VerifiedRemediation.StepFailed;
import java.net.URI;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
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
 *
 * <p>Longer than most classes on purpose: the switch and every Entra and ARM credential's steps
 * live here together, so that adding an action touches this file, its {@link AzureAction} constant
 * and its test.
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

  /**
   * The steps of the Entra ID and Azure Resource Manager remediations: how Microsoft Graph and ARM
   * find, show and change each credential. Every request is built from segments percent-encoded one
   * by one, after the event's ids were checked against their expected shape.
   */
  static final class AzureSteps {
    private static final ObjectMapper JSON = JsonLimits.defaultMapper();

    private AzureSteps() {}

    /**
     * A password or certificate of an application or service principal:
     *
     * <ul>
     *   <li>a password is removed with {@code removePassword} of its key id ({@code PATCH} is not
     *       supported for passwords), once its start time is checked against the event's time;
     *   <li>a certificate with {@code PATCH keyCredentials} holding every other certificate
     *       unchanged ({@code removeKey} needs a proof-of-possession token signed by one of the
     *       app's own keys); its start time is its own validity start, so its key id is the check.
     * </ul>
     *
     * Certificate material is never logged.
     */
    static final class GraphKey implements VerifiedRemediation.Removal<JsonNode> {
      private final BearerRest graph;
      private final RemediationLocator.GraphKey key;
      private final boolean password;
      private final RemediationPlan.Act plan;
      private final URI object;
      private final URI read;
      private final String property;

      GraphKey(
          BearerRest graph,
          RemediationLocator.GraphKey key,
          boolean password,
          RemediationPlan.Act plan) {
        this.graph = graph;
        this.key = key;
        this.password = password;
        this.plan = plan;
        this.property = password ? "passwordCredentials" : "keyCredentials";
        this.object =
            graph.uri(
                "/v1.0/" + key.object().collection() + "/" + BearerRest.segment(key.object().id()));
        // $select on a single object is the only read that returns certificates' key material,
        // which the PATCH must send back for every certificate it keeps.
        this.read = URI.create(object + "?$select=id," + property);
      }

      @Override
      public String what() {
        return (password ? "password " : "certificate ")
            + key.keyId()
            + " of "
            + key.object().noun()
            + " "
            + key.object().id();
      }

      /** The whole list of the object's credentials of that kind, when the one wanted is in it. */
      @Override
      public Optional<JsonNode> find(String doing) throws StepFailed {
        try {
          JsonNode credentials = graph.get(read).path(property);
          return credential(credentials).isPresent() ? Optional.of(credentials) : Optional.empty();
        } catch (BearerRest.CallFailed failed) {
          throw new StepFailed(AzureErrors.failure(failed, doing, AzureErrors.GRAPH_APPLICATIONS));
        }
      }

      private Optional<JsonNode> credential(JsonNode credentials) {
        for (JsonNode credential : credentials) {
          if (credential.path("keyId").asText("").equalsIgnoreCase(key.keyId())) {
            return Optional.of(credential);
          }
        }
        return Optional.empty();
      }

      @Override
      public Outcome absent() {
        return new Outcome.AlreadyApplied(
            what() + " is no longer there (already removed)", plan.undo());
      }

      @Override
      public Optional<Outcome> notThisOne(JsonNode credentials) {
        if (!password && !everyOtherCertificateHasItsKey(credentials)) {
          // Without the material of the others, a PATCH would drop them: never touch other keys.
          return Optional.of(
              new Outcome.Failed(
                  "Graph did not return the key material of the other certificates, so a PATCH"
                      + " could not keep them: remove "
                      + what()
                      + " by hand with az ad "
                      + (key.object().collection().equals("applications") ? "app" : "sp")
                      + " credential delete --id "
                      + key.object().id()
                      + " --key-id "
                      + key.keyId()
                      + " --cert",
                  false));
        }
        return Optional.empty();
      }

      @Override
      public Optional<String> createdAt(JsonNode credentials) {
        return password
            ? credential(credentials).map(c -> c.path("startDateTime").asText(""))
            : Optional.empty();
      }

      @Override
      public String verified(JsonNode credentials) {
        return "exists" + (password ? " and was added at the event's time" : "");
      }

      @Override
      public String wouldDo() {
        return "remove it and no other credential";
      }

      @Override
      public Optional<String> act(JsonNode credentials) throws StepFailed {
        try {
          if (password) {
            graph.post(
                URI.create(object + "/removePassword"), "{\"keyId\":\"" + key.keyId() + "\"}");
          } else {
            graph.patch(object, JSON.writeValueAsString(keeping(credentials)));
          }
        } catch (BearerRest.CallFailed failed) {
          throw new StepFailed(
              AzureErrors.failure(failed, "remove " + what(), AzureErrors.GRAPH_APPLICATIONS));
        } catch (JsonProcessingException impossible) {
          throw new StepFailed(
              new Outcome.Failed("could not write the certificate list: " + impossible, false));
        }
        return Optional.empty();
      }

      @Override
      public String did() {
        return "removed " + what();
      }

      private boolean everyOtherCertificateHasItsKey(JsonNode certificates) {
        for (JsonNode certificate : certificates) {
          if (!certificate.path("keyId").asText("").equalsIgnoreCase(key.keyId())
              && certificate.path("key").asText("").isEmpty()) {
            return false;
          }
        }
        return true;
      }

      /** The PATCH body: every certificate as read, except the one the event added. */
      private ObjectNode keeping(JsonNode certificates) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode kept = body.putArray("keyCredentials");
        for (JsonNode certificate : certificates) {
          if (!certificate.path("keyId").asText("").equalsIgnoreCase(key.keyId())) {
            kept.add(certificate);
          }
        }
        return body;
      }
    }

    /** A federated identity credential of an application. */
    static final class GraphFederatedCredential extends RestSteps.Removal {
      private final RemediationLocator.GraphFederatedCredential credential;
      private final RemediationPlan.Act plan;

      GraphFederatedCredential(
          BearerRest graph,
          RemediationLocator.GraphFederatedCredential credential,
          RemediationPlan.Act plan) {
        super(
            graph,
            graph.uri(
                "/v1.0/applications/"
                    + BearerRest.segment(credential.applicationObjectId())
                    + "/federatedIdentityCredentials/"
                    + BearerRest.segment(credential.credentialId())),
            AzureErrors.GRAPH_APPLICATIONS,
            AzureErrors.GRAPH_APPLICATIONS,
            AzureErrors::failure);
        this.credential = credential;
        this.plan = plan;
      }

      @Override
      public Outcome absent() {
        return new Outcome.AlreadyApplied(
            what() + " is no longer there (already deleted)", plan.undo());
      }

      @Override
      public String what() {
        return "federated identity credential "
            + credential.credentialId()
            + " of application "
            + credential.applicationObjectId();
      }

      @Override
      public Optional<String> createdAt(JsonNode found) {
        // Graph keeps no creation time for federated credentials: the id names this one.
        return Optional.empty();
      }

      @Override
      public String verified(JsonNode found) {
        return "exists";
      }

      @Override
      public String wouldDo() {
        return "delete it and nothing else";
      }
    }

    /**
     * An Azure Resource Manager resource: a managed identity's federated credential, an SSH public
     * key resource or a VM extension, last written at the event's time (its {@code systemData}).
     * ARM may finish a delete in the background, which the outcome says.
     */
    static final class ArmResource extends RestSteps.Removal {
      private final String description;
      private final RemediationPlan.Act plan;

      ArmResource(
          BearerRest arm,
          URI resource,
          String description,
          String permissions,
          RemediationPlan.Act plan) {
        super(arm, resource, permissions, permissions, AzureErrors::failure);
        this.description = description;
        this.plan = plan;
      }

      @Override
      public Outcome absent() {
        return new Outcome.AlreadyApplied(
            what() + " no longer exists (already deleted)", plan.undo());
      }

      @Override
      public String what() {
        return description;
      }

      @Override
      public Optional<String> createdAt(JsonNode found) {
        JsonNode systemData = found.path("systemData");
        return Optional.of(
            systemData.path("lastModifiedAt").asText(systemData.path("createdAt").asText("")));
      }

      @Override
      public String verified(JsonNode found) {
        return "exists and was written at the event's time";
      }

      private static boolean deleting(Optional<JsonNode> after) {
        return after
            .map(r -> r.path("properties").path("provisioningState").asText(""))
            .filter(state -> state.equalsIgnoreCase("Deleting"))
            .isPresent();
      }

      @Override
      public boolean confirmed(Optional<JsonNode> after) {
        return after.isEmpty() || deleting(after);
      }

      @Override
      public String readBack(Optional<JsonNode> after) {
        if (deleting(after)) {
          return "Deleting (Azure finishes it in the background)";
        }
        return super.readBack(after);
      }
    }

    /** An owner of an application or service principal, removed from its owners (opt-in). */
    static final class GraphOwner implements VerifiedRemediation.Removal<Boolean> {
      private final BearerRest graph;
      private final RemediationLocator.GraphOwner owner;
      private final RemediationPlan.Act plan;
      private final String object;

      GraphOwner(BearerRest graph, RemediationLocator.GraphOwner owner, RemediationPlan.Act plan) {
        this.graph = graph;
        this.owner = owner;
        this.plan = plan;
        this.object =
            "/v1.0/" + owner.object().collection() + "/" + BearerRest.segment(owner.object().id());
      }

      @Override
      public String what() {
        return "owner "
            + owner.ownerId()
            + " of "
            + owner.object().collection()
            + " "
            + owner.object().id();
      }

      /** Present (true) while the owner is listed. */
      @Override
      public Optional<Boolean> find(String doing) throws StepFailed {
        try {
          for (JsonNode listed :
              graph.get(graph.uri(object + "/owners?$select=id")).path("value")) {
            if (listed.path("id").asText("").equalsIgnoreCase(owner.ownerId())) {
              return Optional.of(true);
            }
          }
          return Optional.empty();
        } catch (BearerRest.CallFailed failed) {
          throw new StepFailed(
              AzureErrors.failure(
                  failed,
                  doing.replace(what(), "the owners of " + owner.object().id()),
                  "Application.ReadWrite.All (Microsoft Graph)"));
        }
      }

      @Override
      public Outcome absent() {
        return new Outcome.AlreadyApplied(what() + " is no longer an owner", plan.undo());
      }

      @Override
      public Optional<String> createdAt(Boolean listed) {
        // Ownership carries no time: the owner id names this one.
        return Optional.empty();
      }

      @Override
      public String verified(Boolean listed) {
        return "is an owner";
      }

      @Override
      public String wouldDo() {
        return "remove it";
      }

      @Override
      public Optional<String> act(Boolean listed) throws StepFailed {
        try {
          graph.delete(
              graph.uri(object + "/owners/" + BearerRest.segment(owner.ownerId()) + "/$ref"));
        } catch (BearerRest.CallFailed failed) {
          throw new StepFailed(
              AzureErrors.failure(
                  failed, "remove " + what(), "Application.ReadWrite.All (Microsoft Graph)"));
        }
        return Optional.empty();
      }

      @Override
      public String did() {
        return "removed " + what();
      }

      @Override
      public String readBack(Optional<Boolean> after) {
        return after.isEmpty() ? "not an owner" : "it still listed";
      }
    }
  }
}
