package io.credwatch.source;

import static io.credwatch.source.CloudTrailParser.first;
import static io.credwatch.source.Nodes.object;
import static io.credwatch.source.Nodes.text;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Azure Resource Manager operations: Event Grid events (Event Grid and CloudEvents schemas) from a
 * subscription's system topic, and Activity Log records (the Event Hubs resource-log shape and the
 * REST / portal shape with {@code {value, localizedValue}} members).
 */
final class AzureActivityParser {
  private static final String UPN_CLAIM =
      "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
  private static final String NAME_CLAIM =
      "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";
  private static final String OID_CLAIM =
      "http://schemas.microsoft.com/identity/claims/objectidentifier";
  private static final Set<String> SUCCESS =
      Set.of("success", "succeeded", "created", "ok", "nocontent");
  private static final Set<String> NOT_FINAL = Set.of("start", "started", "accept", "accepted");

  Verdict parseEventGrid(JsonNode event, RecordLocation location) {
    JsonNode data = object(event, "data");
    String type = text(event, "eventType");
    return parse(
        data,
        new Fields(
            text(data, "operationName"),
            first(text(event, "subject"), text(data, "resourceUri")),
            first(text(event, "id")),
            text(event, "eventTime"),
            outcomeFromType(type, text(data, "status")),
            object(data, "claims"),
            object(data, "authorization"),
            text(data, "httpRequest", "clientIpAddress"),
            text(data, "subscriptionId"),
            text(data, "tenantId"),
            text(data, "correlationId"),
            type),
        location);
  }

  Verdict parseCloudEvent(JsonNode event, RecordLocation location) {
    JsonNode data = object(event, "data");
    String type = text(event, "type");
    return parse(
        data,
        new Fields(
            text(data, "operationName"),
            first(text(event, "subject"), text(data, "resourceUri")),
            text(event, "id"),
            text(event, "time"),
            outcomeFromType(type, text(data, "status")),
            object(data, "claims"),
            object(data, "authorization"),
            text(data, "httpRequest", "clientIpAddress"),
            text(data, "subscriptionId"),
            text(data, "tenantId"),
            text(data, "correlationId"),
            type),
        location);
  }

  Verdict parseActivityLog(JsonNode record, RecordLocation location) {
    JsonNode operationName = record.path("operationName");
    String operation =
        operationName.isObject() ? text(operationName, "value") : text(record, "operationName");
    JsonNode identity = object(record, "identity");
    JsonNode properties = object(record, "properties");
    JsonNode status = record.path("status");
    String statusText =
        first(
            status.isObject() ? text(status, "value") : text(record, "status"),
            text(record, "resultType"),
            text(properties, "statusCode"));
    CallOutcome outcome;
    String normalized = statusText.toLowerCase(Locale.ROOT);
    if (NOT_FINAL.contains(normalized)) {
      return new Verdict.Ignored(
          location,
          "operation not finished",
          "only " + normalized + " so far; its completion record decides");
    } else if (statusText.isEmpty() || SUCCESS.contains(normalized)) {
      outcome = CallOutcome.succeeded();
    } else {
      outcome = CallOutcome.failed(statusText, text(properties, "statusMessage"));
    }
    JsonNode claims =
        identity.isMissingNode() ? object(record, "claims") : object(identity, "claims");
    JsonNode authorization =
        identity.isMissingNode()
            ? object(record, "authorization")
            : object(identity, "authorization");
    // The Event Hubs shape upper-cases resourceId; entity and scope keep the original case.
    String resourceId =
        first(text(properties, "entity"), text(authorization, "scope"), text(record, "resourceId"));
    Fields fields =
        new Fields(
            operation,
            resourceId,
            first(text(record, "eventDataId"), text(record, "correlationId")),
            first(text(record, "time"), text(record, "eventTimestamp")),
            outcome,
            claims,
            authorization,
            first(text(record, "callerIpAddress"), text(record, "httpRequest", "clientIpAddress")),
            text(record, "subscriptionId"),
            text(record, "tenantId"),
            text(record, "correlationId"),
            "activity-log");
    return parse(record, fields, location);
  }

  /** The parts of an ARM record, whichever of the four shapes carried it. */
  private record Fields(
      String operation,
      String resourceId,
      String eventId,
      String time,
      CallOutcome outcome,
      JsonNode claims,
      JsonNode authorization,
      String clientIp,
      String subscriptionId,
      String tenantId,
      String correlationId,
      String deliveryType) {}

  private Verdict parse(JsonNode record, Fields fields, RecordLocation location) {
    Optional<OperationCatalog.Entry> entry = OperationCatalog.armOperation(fields.operation());
    if (entry.isEmpty()) {
      return new Verdict.Ignored(
          location, Verdict.Ignored.NOT_CREDENTIAL, "arm " + fields.operation());
    }
    ResourceId resource = ResourceId.parse(fields.resourceId());
    String subscription = first(fields.subscriptionId(), resource.subscription());
    Actor actor = actor(fields, text(record, "caller"));
    CredentialEvent.Builder event =
        CredentialEvent.builder(Source.AZURE_ACTIVITY, location)
            .eventId(fields.eventId())
            .correlationId(fields.correlationId())
            .eventTime(Timestamps.parse(fields.time()))
            .account(subscription)
            .operation(entry.get().operation())
            .outcome(fields.outcome())
            .actor(actor)
            .attribute("tenantId", fields.tenantId())
            .attribute("resourceGroup", resource.resourceGroup())
            .attribute("resourceId", fields.resourceId())
            .attribute("deliveryType", fields.deliveryType())
            .attribute("principalType", text(fields.authorization(), "evidence", "principalType"))
            .attribute("role", text(fields.authorization(), "evidence", "role"));
    CredentialKind kind = entry.get().kinds().iterator().next();
    switch (kind) {
      case FEDERATED_CREDENTIAL -> {
        String identityName = resource.after("userAssignedIdentities");
        String identityId = resource.prefixThrough("userAssignedIdentities");
        event.target(
            new Target(TargetKind.MANAGED_IDENTITY, identityId, identityName, subscription));
        event.credential(
            Credential.builder(kind)
                .id(resource.after("federatedIdentityCredentials"))
                .displayName(resource.after("federatedIdentityCredentials"))
                .detail("resourceId", fields.resourceId())
                .build());
      }
      case SSH_PUBLIC_KEY -> {
        String scope = resource.resourceGroupId();
        event.target(
            new Target(
                TargetKind.ACCOUNT,
                scope,
                first(resource.resourceGroup(), subscription),
                subscription));
        event.credential(
            Credential.builder(kind)
                .id(fields.resourceId())
                .displayName(resource.after("sshPublicKeys"))
                .detail(
                    "change",
                    fields.operation().toLowerCase(Locale.ROOT).contains("generatekeypair")
                        ? "generated key pair"
                        : "written")
                .build());
      }
      default -> {
        String machineKind =
            resource.has("virtualMachineScaleSets") ? "virtualMachineScaleSets" : "virtualMachines";
        String extension = resource.after("extensions");
        event.target(
            new Target(
                TargetKind.INSTANCE,
                resource.prefixThrough(machineKind),
                resource.after(machineKind),
                subscription));
        event.attribute("extensionName", extension);
        event.attribute("vmAccessExtensionName", looksLikeVmAccess(extension));
        event.credential(
            Credential.builder(CredentialKind.VM_ACCESS)
                .id(fields.resourceId())
                .displayName(extension)
                .detail("extension", extension)
                .build());
      }
    }
    return new Verdict.Relevant(location, List.of(event.build()));
  }

  /** VMAccessForLinux, VMAccessAgent, enablevmaccess...: the names `az vm user` uses. */
  static boolean looksLikeVmAccess(String extensionName) {
    return extensionName.toLowerCase(Locale.ROOT).contains("vmaccess");
  }

  private static CallOutcome outcomeFromType(String type, String status) {
    if (type.endsWith("Success")) {
      return CallOutcome.succeeded();
    }
    if (type.endsWith("Failure")) {
      return CallOutcome.failed(first(status, "Failed"), type);
    }
    if (type.endsWith("Cancel")) {
      return CallOutcome.failed("Canceled", type);
    }
    return status.isEmpty() || SUCCESS.contains(status.toLowerCase(Locale.ROOT))
        ? CallOutcome.succeeded()
        : CallOutcome.failed(status, type);
  }

  private static Actor actor(Fields fields, String caller) {
    JsonNode claims = fields.claims();
    JsonNode evidence = object(fields.authorization(), "evidence");
    String upn = first(text(claims, UPN_CLAIM), text(claims, "upn"), text(claims, "unique_name"));
    String objectId =
        first(text(claims, OID_CLAIM), text(claims, "oid"), text(evidence, "principalId"));
    String appId = first(text(claims, "appid"), text(claims, "azp"));
    String principalType = text(evidence, "principalType");
    ActorKind kind;
    if (!text(claims, "xms_mirid").isEmpty() || principalType.equalsIgnoreCase("ManagedIdentity")) {
      kind = ActorKind.MANAGED_IDENTITY;
    } else if (!upn.isEmpty()
        || principalType.equalsIgnoreCase("User")
        || text(claims, "idtyp").equals("user")) {
      kind = ActorKind.USER;
    } else if (principalType.equalsIgnoreCase("ServicePrincipal")
        || text(claims, "idtyp").equals("app")) {
      kind = ActorKind.APPLICATION;
    } else if (!caller.isEmpty()) {
      kind = caller.contains("@") ? ActorKind.USER : ActorKind.APPLICATION;
    } else {
      kind = ActorKind.UNKNOWN;
    }
    String name = first(upn, text(claims, NAME_CLAIM), caller, text(claims, "name"), appId);
    return new Actor(
        kind,
        objectId,
        name,
        first(upn, caller, appId),
        first(
            text(claims, "http://schemas.microsoft.com/identity/claims/tenantid"),
            text(claims, "tid")),
        "",
        first(text(claims, "ipaddr"), fields.clientIp()),
        "",
        appId);
  }

  /** An Azure resource id, {@code /subscriptions/S/resourceGroups/G/providers/...}. */
  record ResourceId(String text, List<String> segments) {
    static ResourceId parse(String text) {
      List<String> segments = List.of(text.split("/", -1));
      return new ResourceId(text, segments);
    }

    boolean has(String type) {
      return segments.stream().anyMatch(s -> s.equalsIgnoreCase(type));
    }

    /** The segment after {@code type} (a resource name), or "". */
    String after(String type) {
      for (int i = 0; i + 1 < segments.size(); i++) {
        if (segments.get(i).equalsIgnoreCase(type)) {
          return segments.get(i + 1);
        }
      }
      return "";
    }

    /** The id up to and including the name after {@code type}. */
    String prefixThrough(String type) {
      for (int i = 0; i + 1 < segments.size(); i++) {
        if (segments.get(i).equalsIgnoreCase(type)) {
          return String.join("/", segments.subList(0, i + 2));
        }
      }
      return text;
    }

    String subscription() {
      return after("subscriptions");
    }

    String resourceGroup() {
      return after("resourceGroups");
    }

    String resourceGroupId() {
      return resourceGroup().isEmpty()
          ? prefixThrough("subscriptions")
          : prefixThrough("resourceGroups");
    }
  }
}
