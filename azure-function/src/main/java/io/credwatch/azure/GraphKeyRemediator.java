package io.credwatch.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.event.CredentialKind;
import io.credwatch.http.BearerRest;
import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationActions;
import io.credwatch.respond.RemediationChecks;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.Remediator;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes exactly the password or certificate an event added to an application or service
 * principal, through Microsoft Graph:
 *
 * <ul>
 *   <li>a password with {@code removePassword} of its key id ({@code PATCH} is not supported for
 *       passwords);
 *   <li>a certificate with {@code PATCH keyCredentials} holding every other certificate unchanged
 *       ({@code removeKey} needs a proof-of-possession token signed by one of the app's own keys).
 * </ul>
 *
 * <p>Checked first: the object holds a credential with that key id and, for a password, a start
 * time equal to the event's time (a certificate's start time is its own validity start, so there
 * the key id is the check). Read back after. Certificate material is never logged.
 */
final class GraphKeyRemediator implements Remediator {
  static final Set<String> ACTIONS = Set.of(RemediationActions.AZURE_REMOVE_CREDENTIAL);
  static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BearerRest graph;

  GraphKeyRemediator(BearerRest graph) {
    this.graph = graph;
  }

  @Override
  public Set<String> actions() {
    return ACTIONS;
  }

  @Override
  public Outcome apply(RemediationPlan.Act plan, RemediationMode mode) {
    String objectType = plan.parameter("objectType");
    String objectId = plan.parameter("objectId");
    String keyId = plan.parameter("keyId");
    if (!Set.of("applications", "servicePrincipals").contains(objectType)
        || !GUID.matcher(objectId).matches()
        || !GUID.matcher(keyId).matches()) {
      return new Outcome.Skipped(
          "the event names no application or service principal object id and key id (GUIDs)");
    }
    boolean password = plan.kind() == CredentialKind.CLIENT_SECRET;
    String property = password ? "passwordCredentials" : "keyCredentials";
    String what =
        (password ? "password " : "certificate ")
            + keyId
            + " of "
            + (objectType.equals("applications") ? "application " : "service principal ")
            + objectId;
    URI object = graph.uri("/v1.0/" + objectType + "/" + BearerRest.segment(objectId));
    // $select on a single object is the only read that returns certificates' key material, which
    // the PATCH must send back for every certificate it keeps.
    URI read = URI.create(object + "?$select=id," + property);
    JsonNode found;
    try {
      found = graph.get(read);
    } catch (BearerRest.CallFailed failed) {
      return AzureOutcomes.failure(failed, "read " + what, AzureOutcomes.GRAPH_APPLICATIONS);
    }
    Optional<JsonNode> credential = find(found.path(property), keyId);
    if (credential.isEmpty()) {
      return new Outcome.AlreadyApplied(
          what + " is no longer there (already removed)", plan.undo());
    }
    if (password) {
      var mismatch =
          RemediationChecks.notCreatedByThisEvent(
              what, credential.get().path("startDateTime").asText(""), plan.createdAt());
      if (mismatch.isPresent()) {
        return mismatch.get();
      }
    }
    if (!password && !everyOtherCertificateHasItsKey(found.path(property), keyId)) {
      // Without the material of the others, a PATCH would drop them: never touch other keys.
      return new Outcome.Failed(
          "Graph did not return the key material of the other certificates, so a PATCH could"
              + " not keep them: remove "
              + what
              + " by hand with az ad "
              + (objectType.equals("applications") ? "app" : "sp")
              + " credential delete --id "
              + objectId
              + " --key-id "
              + keyId
              + " --cert",
          false);
    }
    if (mode != RemediationMode.ENFORCE) {
      return new Outcome.DryRun(
          "verified: "
              + what
              + " exists"
              + (password ? " and was added at the event's time" : "")
              + "; enforce mode would remove it and no other credential");
    }
    try {
      if (password) {
        graph.post(URI.create(object + "/removePassword"), "{\"keyId\":\"" + keyId + "\"}");
      } else {
        graph.patch(object, JSON.writeValueAsString(keeping(found.path(property), keyId)));
      }
    } catch (BearerRest.CallFailed failed) {
      return AzureOutcomes.failure(failed, "remove " + what, AzureOutcomes.GRAPH_APPLICATIONS);
    } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
      return new Outcome.Failed("could not write the certificate list: " + impossible, false);
    }
    try {
      if (find(graph.get(read).path(property), keyId).isEmpty()) {
        return new Outcome.Applied("removed " + what + "; read back: gone", plan.undo());
      }
      return new Outcome.Failed("removed " + what + ", but reading it back shows it still", true);
    } catch (BearerRest.CallFailed failed) {
      return AzureOutcomes.failure(failed, "read back " + what, AzureOutcomes.GRAPH_APPLICATIONS);
    }
  }

  private static Optional<JsonNode> find(JsonNode credentials, String keyId) {
    for (JsonNode credential : credentials) {
      if (credential.path("keyId").asText("").equalsIgnoreCase(keyId)) {
        return Optional.of(credential);
      }
    }
    return Optional.empty();
  }

  private static boolean everyOtherCertificateHasItsKey(JsonNode certificates, String keyId) {
    for (JsonNode certificate : certificates) {
      if (!certificate.path("keyId").asText("").equalsIgnoreCase(keyId)
          && certificate.path("key").asText("").isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** The PATCH body: every certificate as read, except the one the event added. */
  private static ObjectNode keeping(JsonNode certificates, String removedKeyId) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode kept = body.putArray("keyCredentials");
    for (JsonNode certificate : certificates) {
      if (!certificate.path("keyId").asText("").equalsIgnoreCase(removedKeyId)) {
        kept.add(certificate);
      }
    }
    return body;
  }
}
