package io.credwatch.source;

import static io.credwatch.source.CloudTrailParser.first;
import static io.credwatch.source.EntraValues.decodeValue;
import static io.credwatch.source.EntraValues.firstModified;
import static io.credwatch.source.EntraValues.jsonArray;
import static io.credwatch.source.EntraValues.keys;
import static io.credwatch.source.EntraValues.modifiedProperty;
import static io.credwatch.source.EntraValues.modifiedValue;
import static io.credwatch.source.Nodes.array;
import static io.credwatch.source.Nodes.object;
import static io.credwatch.source.Nodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.event.Actor;
import io.credwatch.event.ActorKind;
import io.credwatch.event.CallOutcome;
import io.credwatch.event.Credential;
import io.credwatch.event.CredentialEvent;
import io.credwatch.event.CredentialKind;
import io.credwatch.event.RecordLocation;
import io.credwatch.event.Source;
import io.credwatch.event.Target;
import io.credwatch.event.TargetKind;
import io.credwatch.json.JsonLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Entra ID audit records, in the Event Hubs diagnostic-setting shape ({@code properties} wrapper)
 * and the Microsoft Graph {@code directoryAudit} shape.
 *
 * <p>The new key is found as Sentinel does: {@code KeyDescription} lists the whole set of keys
 * before and after, in any order; the new keys are those whose {@code KeyIdentifier} is in the new
 * list and not the old. Only {@code KeyUsage=Verify} keys authenticate; {@code Sign} keys are
 * token-signing certificates. Removals add nothing; the companion "Update service principal" record
 * names the same key when it carries the key list, and gives the same alert id.
 *
 * <p>Longer than most classes on purpose: one method per Entra operation family (keys, federated
 * credentials, owners, temporary access passes), each short, beside the actor and context they
 * share; the encoded values they read are in {@link EntraValues}.
 */
final class EntraAuditParser {
  private static final ObjectMapper VALUES = JsonLimits.defaultMapper();
  private static final Set<String> PLACEHOLDER_IDS = Set.of("", "[REMOVED]", "REMOVED", "null");

  Verdict parse(JsonNode record, RecordLocation location) {
    JsonNode properties = record.has("properties") ? object(record, "properties") : record;
    String activity =
        first(
            text(properties, "activityDisplayName"),
            text(record, "operationName"),
            text(properties, "operationName"));
    Optional<OperationCatalog.Entry> entry = OperationCatalog.entraOperation(activity);
    if (entry.isEmpty()) {
      return new Verdict.Ignored(location, Verdict.Ignored.NOT_CREDENTIAL, "entra " + activity);
    }
    String tenant =
        first(
            text(record, "tenantId"),
            text(properties, "tenantId"),
            tenantFromResourceId(text(record, "resourceId")));
    String result =
        first(text(properties, "result"), text(record, "result"), text(record, "resultType"));
    String resultReason =
        first(
            text(properties, "resultReason"),
            text(record, "resultReason"),
            text(record, "resultDescription"));
    Actor actor = actor(properties, record);
    List<JsonNode> targets = array(properties, "targetResources");
    JsonNode initiatedBy = object(properties, "initiatedBy");
    JsonNode firstTarget = firstTarget(targets);
    // The Sentinel analytic's projections, kept raw: its flags are computed from them.
    Map<String, String> analytic = new LinkedHashMap<>();
    analytic.put("initiatingUpn", text(object(initiatedBy, "user"), "userPrincipalName"));
    analytic.put("initiatingApp", text(object(initiatedBy, "app"), "displayName"));
    analytic.put("initiatingIpAddress", text(object(initiatedBy, "user"), "ipAddress"));
    analytic.put("targetResource", text(firstTarget, "displayName"));
    analytic.put("targetResourceId", text(firstTarget, "id"));
    analytic.put("targetType", text(firstTarget, "type"));
    Context context =
        new Context(
            location,
            entry.get(),
            tenant,
            actor,
            result.isEmpty() || result.equalsIgnoreCase("success")
                ? CallOutcome.succeeded()
                : CallOutcome.failed(result, resultReason),
            first(text(properties, "id"), text(record, "id")),
            first(text(record, "correlationId"), text(properties, "correlationId")),
            Timestamps.parse(first(text(properties, "activityDateTime"), text(record, "time"))),
            resultReason,
            analytic);
    String operation = OperationCatalog.entraKey(entry.get().operation().name());
    if (operation.startsWith("add owner to")) {
      return owner(context, targets);
    }
    if (operation.equals("add app role assignment to service principal")) {
      return appRoleAssignment(context, targets);
    }
    if (operation.endsWith("application password for user")) {
      return appPassword(context, targets);
    }
    if (operation.equals("add application")) {
      return application(context, targets);
    }
    if (operation.equals("admin registered security info")) {
      return temporaryAccessPass(context, targets);
    }
    if (operation.equals("update application")) {
      return federatedCredentials(context, targets);
    }
    return keyCredentials(context, targets);
  }

  /** What every event of one record shares. */
  private record Context(
      RecordLocation location,
      OperationCatalog.Entry entry,
      String tenant,
      Actor actor,
      CallOutcome outcome,
      String recordId,
      String correlationId,
      Optional<java.time.Instant> time,
      String resultReason,
      Map<String, String> analytic) {

    CredentialEvent.Builder event() {
      CredentialEvent.Builder builder = CredentialEvent.builder(Source.ENTRA_AUDIT, location);
      analytic.forEach(builder::attribute);
      return builder
          .eventId(recordId)
          .correlationId(correlationId)
          .eventTime(time)
          .account(tenant)
          .operation(entry.operation())
          .outcome(outcome)
          .actor(actor)
          .attribute(
              "actorType",
              actor.kind() == ActorKind.APPLICATION
                  ? "app"
                  : actor.kind() == ActorKind.USER ? "user" : "");
    }
  }

  private Verdict keyCredentials(Context context, List<JsonNode> targets) {
    for (JsonNode target : targets) {
      Optional<JsonNode> keyDescription = modifiedProperty(target, "KeyDescription");
      if (keyDescription.isEmpty()) {
        continue;
      }
      TargetKind kind = targetKind(text(target, "type"));
      Target who =
          new Target(kind, text(target, "id"), text(target, "displayName"), context.tenant());
      String servicePrincipalNames =
          decodeValue(
              text(
                  modifiedProperty(target, "TargetId.ServicePrincipalNames")
                      .orElse(VALUES.nullNode()),
                  "newValue"));
      Optional<List<EntraValues.Key>> oldKeys = keys(text(keyDescription.get(), "oldValue"));
      Optional<List<EntraValues.Key>> newKeys = keys(text(keyDescription.get(), "newValue"));
      if (newKeys.isEmpty() || oldKeys.isEmpty()) {
        // Not the documented list format (Panther's synthetic free text): a credential was added,
        // but its id cannot be named.
        String keyType =
            decodeValue(
                text(modifiedProperty(target, "KeyType").orElse(VALUES.nullNode()), "newValue"));
        CredentialEvent event =
            context
                .event()
                .target(who)
                .attribute("keyListUnparsed", true)
                .attribute("servicePrincipalNames", servicePrincipalNames)
                .credential(
                    Credential.builder(kindOf(keyType))
                        .displayName(
                            Reasons.clip(decodeValue(text(keyDescription.get(), "newValue"))))
                        .detail("keyType", keyType)
                        .build())
                .build();
        return new Verdict.Relevant(context.location(), List.of(event));
      }
      List<CredentialEvent> events = new ArrayList<>();
      Set<String> before =
          oldKeys.get().stream()
              .map(EntraValues.Key::id)
              .collect(java.util.stream.Collectors.toSet());
      int signingOnly = 0;
      for (EntraValues.Key key : newKeys.get()) {
        if (before.contains(key.id())) {
          continue;
        }
        if (!key.usage().equalsIgnoreCase("Verify")) {
          signingOnly++;
          continue;
        }
        events.add(
            context
                .event()
                .target(who)
                .attribute("previousKeyCount", Integer.toString(oldKeys.get().size()))
                .attribute("keyType", key.type())
                .attribute("keyUsage", key.usage())
                .attribute("servicePrincipalNames", servicePrincipalNames)
                .credential(
                    Credential.builder(kindOf(key.type()))
                        .id(key.id())
                        .displayName(key.displayName())
                        .detail("keyType", key.type())
                        .detail("keyUsage", key.usage())
                        .build())
                .build());
      }
      if (!events.isEmpty()) {
        return new Verdict.Relevant(context.location(), events);
      }
      int removed =
          (int)
              oldKeys.get().stream()
                  .filter(k -> newKeys.get().stream().noneMatch(n -> n.id().equals(k.id())))
                  .count();
      if (signingOnly > 0) {
        return new Verdict.Ignored(
            context.location(),
            "only token-signing keys added",
            "KeyUsage=Sign keys cannot authenticate");
      }
      return new Verdict.Ignored(
          context.location(), "no credential added", removed > 0 ? removed + " removed" : "");
    }
    return new Verdict.Ignored(context.location(), "record carries no key list (KeyDescription)");
  }

  /**
   * "Add application": the keys it was created with are credentials like any other; without any,
   * the new registration is reported at info level, as the Sentinel analytic lists every one.
   */
  private Verdict application(Context context, List<JsonNode> targets) {
    Verdict keys = keyCredentials(context, targets);
    if (keys instanceof Verdict.Relevant) {
      return keys;
    }
    JsonNode app = firstTarget(targets);
    CredentialEvent event =
        context
            .event()
            .target(
                new Target(
                    TargetKind.APPLICATION,
                    text(app, "id"),
                    text(app, "displayName"),
                    context.tenant()))
            .credential(
                Credential.builder(CredentialKind.APPLICATION)
                    .id(text(app, "id"))
                    .displayName(text(app, "displayName"))
                    .build())
            .build();
    return new Verdict.Relevant(context.location(), List.of(event));
  }

  /**
   * "Add app role assignment to service principal": an application permission (an app role of a
   * resource such as Microsoft Graph) granted to a service principal. The first target is the
   * resource; the {@code ServicePrincipal.*} properties name the principal that received it.
   */
  private Verdict appRoleAssignment(Context context, List<JsonNode> targets) {
    JsonNode resource = firstTarget(targets);
    String role = decodeValue(modifiedValue(resource, "AppRole.Value"));
    String roleId = decodeValue(modifiedValue(resource, "AppRole.Id"));
    String granteeId = decodeValue(modifiedValue(resource, "ServicePrincipal.ObjectID"));
    String granteeName = decodeValue(modifiedValue(resource, "ServicePrincipal.DisplayName"));
    if (granteeId.isEmpty() && targets.size() > 1) {
      granteeId = text(targets.get(1), "id");
      granteeName = text(targets.get(1), "displayName");
    }
    if (role.isEmpty() && roleId.isEmpty()) {
      return new Verdict.Ignored(context.location(), "app role assignment names no app role");
    }
    String resourceName =
        first(
            text(resource, "displayName"),
            decodeValue(modifiedValue(resource, "ServicePrincipal.Name")));
    CredentialEvent event =
        context
            .event()
            .target(
                new Target(TargetKind.SERVICE_PRINCIPAL, granteeId, granteeName, context.tenant()))
            .attribute("permission", role)
            .attribute("resource", resourceName)
            .attribute("resourceId", text(resource, "id"))
            .credential(
                Credential.builder(CredentialKind.APP_ROLE_ASSIGNMENT)
                    .id(roleId)
                    .displayName(first(role, roleId) + " on " + resourceName)
                    .detail("permission", role)
                    .detail("resource", resourceName)
                    .build())
            .build();
    return new Verdict.Relevant(context.location(), List.of(event));
  }

  /** The app-password operations: a user's legacy app password, created, updated or deleted. */
  private Verdict appPassword(Context context, List<JsonNode> targets) {
    Target user = userTarget(firstTarget(targets), context.tenant());
    CredentialEvent event =
        context
            .event()
            .target(user)
            .credential(
                Credential.builder(CredentialKind.APP_PASSWORD)
                    .displayName("app password of " + user.name())
                    .build())
            .build();
    return new Verdict.Relevant(context.location(), List.of(event));
  }

  private Verdict federatedCredentials(Context context, List<JsonNode> targets) {
    for (JsonNode target : targets) {
      Optional<JsonNode> property = modifiedProperty(target, "FederatedIdentityCredentials");
      if (property.isEmpty()) {
        continue;
      }
      Target who =
          new Target(
              targetKind(text(target, "type")),
              text(target, "id"),
              text(target, "displayName"),
              context.tenant());
      List<JsonNode> before = jsonArray(text(property.get(), "oldValue"));
      List<JsonNode> after = jsonArray(text(property.get(), "newValue"));
      Map<String, JsonNode> previousByName = new LinkedHashMap<>();
      Set<String> previousIds = new java.util.HashSet<>();
      for (JsonNode credential : before) {
        previousByName.put(text(credential, "Name"), credential);
        previousIds.add(identity(credential));
      }
      List<CredentialEvent> events = new ArrayList<>();
      for (JsonNode credential : after) {
        String name = text(credential, "Name");
        String issuer = text(credential, "Issuer");
        JsonNode previous = previousByName.get(name);
        boolean added = previous == null && !previousIds.contains(identity(credential));
        // GitHub and other issuers serve many tenants: a new subject trusts a new outside party
        // just
        // as a new issuer does.
        boolean repointed =
            previous != null
                && (!text(previous, "Issuer").equals(issuer)
                    || !text(previous, "Subject").equals(text(credential, "Subject")));
        if (!added && !repointed) {
          continue;
        }
        String id = text(credential, "Id");
        events.add(
            context
                .event()
                .target(who)
                .attribute("repointed", repointed)
                .attribute("previousIssuer", previous == null ? "" : text(previous, "Issuer"))
                .attribute("previousSubject", previous == null ? "" : text(previous, "Subject"))
                .attribute("previousCredentialCount", Integer.toString(before.size()))
                .credential(
                    Credential.builder(CredentialKind.FEDERATED_CREDENTIAL)
                        .id(PLACEHOLDER_IDS.contains(id) ? name : id)
                        .displayName(name)
                        .issuer(issuer)
                        .detail("subject", text(credential, "Subject"))
                        .detail("audiences", joined(credential.path("Audiences")))
                        .build())
                .build());
      }
      return events.isEmpty()
          ? new Verdict.Ignored(
              context.location(), "no federated identity credential added or re-pointed")
          : new Verdict.Relevant(context.location(), events);
    }
    return new Verdict.Ignored(
        context.location(),
        "application update without federated identity credentials (secrets are reported from their"
            + " \"Certificates and secrets management\" record)");
  }

  private Verdict owner(Context context, List<JsonNode> targets) {
    // Entra lists the new owner first, then the object it now owns.
    if (targets.isEmpty()) {
      return new Verdict.Ignored(context.location(), "owner change names no new owner");
    }
    boolean servicePrincipal = context.entry().operation().name().endsWith("service principal");
    String ownedType = servicePrincipal ? "serviceprincipal" : "application";
    JsonNode owner = targets.get(0);
    JsonNode owned = null;
    for (JsonNode target : targets.subList(1, targets.size())) {
      if (owned == null && text(target, "type").toLowerCase(Locale.ROOT).equals(ownedType)) {
        owned = target;
      }
    }
    String appObject = firstModified(owner, "Application.ObjectID", "ServicePrincipal.ObjectID");
    String appName =
        firstModified(owner, "Application.DisplayName", "ServicePrincipal.DisplayName");
    Target who =
        new Target(
            servicePrincipal ? TargetKind.SERVICE_PRINCIPAL : TargetKind.APPLICATION,
            first(owned == null ? "" : text(owned, "id"), appObject),
            first(owned == null ? "" : text(owned, "displayName"), appName),
            context.tenant());
    String ownerName = first(text(owner, "userPrincipalName"), text(owner, "displayName"));
    CredentialEvent event =
        context
            .event()
            .target(who)
            .attribute("ownerType", text(owner, "type"))
            .credential(
                Credential.builder(CredentialKind.OWNER)
                    .id(text(owner, "id"))
                    .displayName(ownerName)
                    .build())
            .build();
    return new Verdict.Relevant(context.location(), List.of(event));
  }

  private Verdict temporaryAccessPass(Context context, List<JsonNode> targets) {
    JsonNode user = firstTarget(targets);
    String passId = decodeValue(modifiedValue(user, "TemporaryAccessPass.Id"));
    boolean isPass =
        !passId.isEmpty()
            || context.resultReason().toLowerCase(Locale.ROOT).contains("temporary access pass");
    if (!isPass) {
      return new Verdict.Ignored(
          context.location(), "security info registration other than a Temporary Access Pass");
    }
    CredentialEvent event =
        context
            .event()
            .target(userTarget(user, context.tenant()))
            .attribute(
                "passUsage",
                decodeValue(modifiedValue(user, "TemporaryAccessPass.AccessPassUsage")))
            .credential(
                Credential.builder(CredentialKind.TEMPORARY_ACCESS_PASS)
                    .id(passId)
                    .displayName("Temporary Access Pass")
                    .createdAt(
                        Timestamps.parse(
                            decodeValue(modifiedValue(user, "TemporaryAccessPass.StartDateTime"))))
                    .expiresAt(
                        Timestamps.parse(
                            decodeValue(modifiedValue(user, "TemporaryAccessPass.EndDateTime"))))
                    .build())
            .build();
    return new Verdict.Relevant(context.location(), List.of(event));
  }

  /** {@code TargetResources[0]}, or a null node. */
  private static JsonNode firstTarget(List<JsonNode> targets) {
    return targets.isEmpty() ? VALUES.nullNode() : targets.get(0);
  }

  /** A user target, named by its UPN where the record gives one. */
  private static Target userTarget(JsonNode user, String tenant) {
    return new Target(
        TargetKind.USER,
        text(user, "id"),
        first(text(user, "userPrincipalName"), text(user, "displayName")),
        tenant);
  }

  /** The initiator: a user, or an application (service principal). */
  private static Actor actor(JsonNode properties, JsonNode record) {
    JsonNode initiatedBy = object(properties, "initiatedBy");
    JsonNode user = object(initiatedBy, "user");
    JsonNode app = object(initiatedBy, "app");
    String userAgent = userAgent(properties);
    if (!user.isMissingNode()
        && !(text(user, "id").isEmpty() && text(user, "userPrincipalName").isEmpty())) {
      String upn = text(user, "userPrincipalName");
      return new Actor(
          ActorKind.USER,
          text(user, "id"),
          first(upn, text(user, "displayName")),
          upn,
          text(user, "homeTenantId"),
          "",
          first(text(user, "ipAddress"), text(record, "callerIpAddress")),
          userAgent,
          "");
    }
    if (!app.isMissingNode()) {
      return new Actor(
          ActorKind.APPLICATION,
          text(app, "servicePrincipalId"),
          text(app, "displayName"),
          first(text(app, "servicePrincipalName"), text(app, "appId")),
          "",
          "",
          text(record, "callerIpAddress"),
          userAgent,
          "");
    }
    Actor unknown = Actor.unknown();
    return new Actor(
        unknown.kind(),
        "",
        text(record, "identity"),
        "",
        "",
        "",
        text(record, "callerIpAddress"),
        userAgent,
        "");
  }

  private static String userAgent(JsonNode properties) {
    for (JsonNode detail : array(properties, "additionalDetails")) {
      if (text(detail, "key").equalsIgnoreCase("User-Agent")) {
        return text(detail, "value");
      }
    }
    return text(properties, "userAgent");
  }

  private static String identity(JsonNode credential) {
    String id = text(credential, "Id");
    return PLACEHOLDER_IDS.contains(id) ? "name:" + text(credential, "Name") : id;
  }

  private static String joined(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return String.join(",", values);
  }

  private static CredentialKind kindOf(String keyType) {
    String type = keyType.toLowerCase(Locale.ROOT);
    return type.contains("cert") || type.contains("asymmetric")
        ? CredentialKind.CERTIFICATE
        : CredentialKind.CLIENT_SECRET;
  }

  private static TargetKind targetKind(String type) {
    return switch (type.toLowerCase(Locale.ROOT)) {
      case "application" -> TargetKind.APPLICATION;
      case "serviceprincipal" -> TargetKind.SERVICE_PRINCIPAL;
      case "user" -> TargetKind.USER;
      default -> TargetKind.UNKNOWN;
    };
  }

  private static String tenantFromResourceId(String resourceId) {
    String[] parts = resourceId.split("/", -1);
    for (int i = 0; i + 1 < parts.length; i++) {
      if (parts[i].equalsIgnoreCase("tenants")) {
        return parts[i + 1];
      }
    }
    return "";
  }
}
