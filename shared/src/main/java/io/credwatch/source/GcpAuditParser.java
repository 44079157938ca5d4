package io.credwatch.source;

import static io.credwatch.source.CloudTrailParser.first;
import static io.credwatch.source.Nodes.array;
import static io.credwatch.source.Nodes.at;
import static io.credwatch.source.Nodes.firstText;
import static io.credwatch.source.Nodes.object;
import static io.credwatch.source.Nodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.event.Actor;
import io.credwatch.event.ActorKind;
import io.credwatch.event.CallOutcome;
import io.credwatch.event.Credential;
import io.credwatch.event.CredentialEvent;
import io.credwatch.event.CredentialKind;
import io.credwatch.event.Operation;
import io.credwatch.event.RecordLocation;
import io.credwatch.event.Source;
import io.credwatch.event.Target;
import io.credwatch.event.TargetKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GCP Cloud Audit Logs {@code LogEntry} records: raw, from a Pub/Sub log sink, or as the data of a
 * {@code google.cloud.audit.log.v1.written} CloudEvent. Tolerates proto snake_case request and
 * response members, {@code callerIp}/{@code callerIP}, and Panther's {@code at_sign_type}.
 *
 * <p>Longer than most classes on purpose: one short method per catalogued Google operation, each
 * naming its credential from that method's own request and response, beside the actor and resource
 * reading they share.
 */
final class GcpAuditParser {
  /** Keys valid before this year never expire in practice (GCP writes 9999-12-31). */
  private static final int NEVER_EXPIRES_YEAR = 9999;

  Verdict parseCloudEvent(JsonNode event, RecordLocation location) {
    Envelope envelope =
        new Envelope(
            "cloudevent",
            text(event, "id"),
            text(event, "time"),
            "",
            "",
            text(event, "subject"),
            text(event, "type"));
    return parse(object(event, "data"), envelope, location);
  }

  Verdict parse(JsonNode entry, Envelope envelope, RecordLocation location) {
    JsonNode proto = object(entry, "protoPayload");
    String service = text(proto, "serviceName");
    String method = text(proto, "methodName");
    Optional<OperationCatalog.Entry> direct = OperationCatalog.gcpOperation(service, method);
    Optional<JsonNode> proxyGrant = direct.isPresent() ? Optional.empty() : proxyGrant(proto);
    if (direct.isEmpty() && proxyGrant.isEmpty()) {
      return new Verdict.Ignored(location, Verdict.Ignored.NOT_CREDENTIAL, service + " " + method);
    }
    String project = project(entry, proto);
    JsonNode request = object(proto, "request");
    JsonNode response = object(proto, "response");
    CredentialEvent.Builder event =
        CredentialEvent.builder(Source.GCP_AUDIT, location)
            .eventId(first(text(entry, "insertId"), envelope.id()))
            .correlationId(text(entry, "operation", "id"))
            .eventTime(
                Timestamps.parse(
                    first(
                        text(entry, "timestamp"),
                        text(entry, "receiveTimestamp"),
                        envelope.time())))
            .account(project)
            .region(text(entry, "resource", "labels", "zone"))
            .actor(actor(proto))
            .outcome(outcome(entry, proto))
            .attribute("methodName", method)
            .attribute("logName", text(entry, "logName"))
            .attribute("serviceAccountDelegation", delegation(proto))
            .attribute("authorizationRecorded", !array(proto, "authorizationInfo").isEmpty());
    Operations operations = new Operations(event, entry, proto, request, response, project);
    if (proxyGrant.isPresent()) {
      event.operation(new Operation(service, OperationCatalog.gcpShortMethod(method)));
      if (Nodes.bool(proxyGrant.get(), "granted").isFalse()) {
        // Other permissions of the same call may be granted; the credential one was not.
        event.outcome(
            CallOutcome.failed(
                "PERMISSION_DENIED", text(proxyGrant.get(), "permission") + " was not granted"));
      }
      operations.proxy(proxyGrant.get());
      return new Verdict.Relevant(location, List.of(event.build()));
    }
    event.operation(direct.get().operation());
    CredentialKind kind = direct.get().kinds().iterator().next();
    switch (kind) {
      case SERVICE_ACCOUNT_KEY ->
          operations.serviceAccountKey(method.endsWith("UploadServiceAccountKey"));
      case HMAC_KEY -> operations.hmacKey();
      case API_KEY -> operations.apiKey();
      case OS_LOGIN_SSH_KEY -> operations.osLoginKey();
      case METADATA_SSH_KEY -> {
        if (!operations.metadataSshKeys(direct.get().operation().name().contains("projects."))) {
          return new Verdict.Ignored(
              location, "metadata change that adds or modifies no ssh-keys entry");
        }
      }
      default -> operations.workloadIdentityProvider();
    }
    return new Verdict.Relevant(location, List.of(event.build()));
  }

  /** The {@code authorizationInfo} entry granting a credential-creating permission, if any. */
  private static Optional<JsonNode> proxyGrant(JsonNode proto) {
    JsonNode denied = null;
    for (JsonNode grant : array(proto, "authorizationInfo")) {
      if (OperationCatalog.gcpProxyPermission(text(grant, "permission")).isPresent()) {
        if (!Nodes.bool(grant, "granted").isFalse()) {
          return Optional.of(grant);
        }
        if (denied == null) {
          denied = grant;
        }
      }
    }
    return Optional.ofNullable(denied);
  }

  private static CallOutcome outcome(JsonNode entry, JsonNode proto) {
    JsonNode status = object(proto, "status");
    String code = text(status, "code");
    if (!code.isEmpty() && !code.equals("0")) {
      return CallOutcome.failed(code, text(status, "message"));
    }
    List<JsonNode> grants = array(proto, "authorizationInfo");
    if (!grants.isEmpty() && grants.stream().allMatch(g -> Nodes.bool(g, "granted").isFalse())) {
      return CallOutcome.failed(
          "PERMISSION_DENIED",
          "permission " + text(grants.get(0), "permission") + " was not granted");
    }
    if (text(entry, "severity").equals("ERROR")) {
      return CallOutcome.failed("ERROR", "log entry severity is ERROR");
    }
    return CallOutcome.succeeded();
  }

  private static Actor actor(JsonNode proto) {
    JsonNode authentication = object(proto, "authenticationInfo");
    String email = text(authentication, "principalEmail");
    String subject = text(authentication, "principalSubject");
    JsonNode metadata = object(proto, "requestMetadata");
    ActorKind kind;
    if (email.endsWith(".gserviceaccount.com")) {
      kind = ActorKind.SERVICE_ACCOUNT;
    } else if (!email.isEmpty()) {
      kind = ActorKind.USER;
    } else if (subject.startsWith("principal://") || subject.startsWith("principalSet://")) {
      kind = ActorKind.SERVICE_ACCOUNT;
    } else {
      kind = ActorKind.UNKNOWN;
    }
    return new Actor(
        kind,
        first(email, subject),
        first(email, subject),
        first(subject, email),
        serviceAccountProject(email),
        "",
        firstText(metadata, "callerIp", "callerIP"),
        text(metadata, "callerSuppliedUserAgent"),
        text(authentication, "serviceAccountKeyName"));
  }

  private static String delegation(JsonNode proto) {
    List<String> chain = new ArrayList<>();
    for (JsonNode link : array(proto, "authenticationInfo", "serviceAccountDelegationInfo")) {
      String principal =
          first(
              text(link, "firstPartyPrincipal", "principalEmail"),
              text(link, "principalSubject"),
              text(link, "thirdPartyPrincipal", "thirdPartyClaims", "sub"));
      if (!principal.isEmpty()) {
        chain.add(principal);
      }
    }
    return String.join(" -> ", chain);
  }

  private static String project(JsonNode entry, JsonNode proto) {
    String labelled = text(entry, "resource", "labels", "project_id");
    if (!labelled.isEmpty()) {
      return labelled;
    }
    String fromLog = segmentAfter(text(entry, "logName"), "projects");
    return fromLog.isEmpty() ? segmentAfter(text(proto, "resourceName"), "projects") : fromLog;
  }

  /** The segment following {@code key} in a slash-separated resource name, or "". */
  static String segmentAfter(String name, String key) {
    String[] parts = name.split("/", -1);
    for (int i = 0; i + 1 < parts.length; i++) {
      if (parts[i].equals(key)) {
        return parts[i + 1];
      }
    }
    return "";
  }

  private static String serviceAccountProject(String email) {
    int at = email.indexOf('@');
    if (at < 0 || !email.endsWith(".iam.gserviceaccount.com")) {
      return "";
    }
    return email.substring(at + 1, email.length() - ".iam.gserviceaccount.com".length());
  }

  /** The per-method field mapping. */
  private static final class Operations {
    private final CredentialEvent.Builder event;
    private final JsonNode entry;
    private final JsonNode proto;
    private final JsonNode request;
    private final JsonNode response;
    private final String project;

    Operations(
        CredentialEvent.Builder event,
        JsonNode entry,
        JsonNode proto,
        JsonNode request,
        JsonNode response,
        String project) {
      this.event = event;
      this.entry = entry;
      this.proto = proto;
      this.request = request;
      this.response = response;
      this.project = project;
    }

    private void serviceAccountTarget(String email, String fallbackId) {
      String id = first(email, fallbackId);
      event.target(new Target(TargetKind.SERVICE_ACCOUNT, id, id, project));
    }

    void serviceAccountKey(boolean uploaded) {
      String keyName = text(response, "name");
      String accountFromKey = segmentAfter(keyName, "serviceAccounts");
      String requested = segmentAfter(text(request, "name"), "serviceAccounts");
      serviceAccountTarget(
          first(
              accountFromKey.contains("@") ? accountFromKey : "",
              text(entry, "resource", "labels", "email_id"),
              requested.contains("@") ? requested : ""),
          first(requested, segmentAfter(text(proto, "resourceName"), "serviceAccounts")));
      Optional<Instant> validBefore =
          Timestamps.parse(at(response, "valid_before_time"))
              .or(() -> Timestamps.parse(at(response, "validBeforeTime")));
      Optional<Instant> validAfter =
          Timestamps.parse(at(response, "valid_after_time"))
              .or(() -> Timestamps.parse(at(response, "validAfterTime")));
      validBefore.ifPresent(
          expiry ->
              event.attribute(
                  "neverExpires", expiry.atOffset(ZoneOffset.UTC).getYear() >= NEVER_EXPIRES_YEAR));
      event.attribute("uploaded", uploaded);
      String keyType = firstText(response, "key_type", "keyType");
      event.attribute("keyType", keyType);
      event.credential(
          Credential.builder(CredentialKind.SERVICE_ACCOUNT_KEY)
              .id(segmentAfter(keyName, "keys"))
              .displayName(uploaded ? "uploaded public key" : "user-managed key")
              .createdAt(validAfter)
              .expiresAt(
                  validBefore.filter(
                      expiry -> expiry.atOffset(ZoneOffset.UTC).getYear() < NEVER_EXPIRES_YEAR))
              .detail("keyAlgorithm", firstText(response, "key_algorithm", "keyAlgorithm"))
              .detail("keyOrigin", firstText(response, "key_origin", "keyOrigin"))
              .detail("keyType", keyType)
              .build());
    }

    void hmacKey() {
      JsonNode metadata = object(response, "metadata");
      String email =
          first(
              firstText(request, "serviceAccountEmail", "service_account_email"),
              text(metadata, "serviceAccountEmail"),
              text(entry, "resource", "labels", "email_id"));
      serviceAccountTarget(email, "");
      event.credential(
          Credential.builder(CredentialKind.HMAC_KEY)
              .id(first(text(metadata, "accessId"), text(response, "accessId")))
              .displayName("HMAC key for " + email)
              .createdAt(Timestamps.parse(text(metadata, "timeCreated")))
              .detail("state", text(metadata, "state"))
              .build());
    }

    void apiKey() {
      String keyName = text(response, "name");
      event.target(new Target(TargetKind.ACCOUNT, project, project, project));
      event.credential(
          Credential.builder(CredentialKind.API_KEY)
              .id(first(segmentAfter(keyName, "keys"), text(request, "keyId")))
              .displayName(
                  first(text(response, "displayName"), text(request, "key", "displayName")))
              .detail("keyName", keyName)
              .build());
    }

    void osLoginKey() {
      String user = segmentAfter(first(text(request, "parent"), text(request, "name")), "users");
      String key = text(request, "sshPublicKey", "key");
      event.target(new Target(TargetKind.USER, user, user, project));
      Optional<Instant> expiry =
          microseconds(
              firstText(
                  object(request, "sshPublicKey"), "expirationTimeUsec", "expiration_time_usec"));
      event.credential(
          Credential.builder(CredentialKind.OS_LOGIN_SSH_KEY)
              // One id whatever the record carries: the key's own SHA256 fingerprint. OS Login's
              // fingerprint (what its API deletes by) is kept as a detail when the response has it.
              .id(SshFingerprints.sha256(key).orElse(osLoginFingerprint(key)))
              .displayName("OS Login key of " + user)
              .expiresAt(expiry)
              .detail("osLoginFingerprint", osLoginFingerprint(key))
              .build());
    }

    private String osLoginFingerprint(String key) {
      JsonNode keys = object(response, "loginProfile", "sshPublicKeys");
      if (keys.isObject()) {
        var names = keys.fieldNames();
        while (names.hasNext()) {
          String fingerprint = names.next();
          JsonNode entry = keys.get(fingerprint);
          // One odd entry in the user's key map (not an object) says nothing about this key: it
          // is passed over, and the key imported is still reported.
          if (entry.path("key").isTextual()
              && entry.path("key").textValue().trim().equals(key.trim())) {
            return fingerprint;
          }
        }
      }
      return text(response, "fingerprint");
    }

    /** True when the change added or modified the {@code ssh-keys} (or legacy sshKeys) entry. */
    boolean metadataSshKeys(boolean projectWide) {
      JsonNode metadata = object(proto, "metadata");
      JsonNode delta =
          projectWide
              ? firstObject(metadata, "projectMetadataDelta", "project_metadata_delta")
              : firstObject(metadata, "instanceMetadataDelta", "instance_metadata_delta");
      boolean added = namesSshKeys(delta, "addedMetadataKeys", "added_metadata_keys");
      boolean modified = namesSshKeys(delta, "modifiedMetadataKeys", "modified_metadata_keys");
      if (!added && !modified) {
        return false;
      }
      event.attribute("metadataScope", projectWide ? "project" : "instance");
      event.attribute("metadataChange", added ? "added" : "modified");
      String resourceName = text(proto, "resourceName");
      if (projectWide) {
        event.target(new Target(TargetKind.ACCOUNT, project, project, project));
      } else {
        String instance = segmentAfter(resourceName, "instances");
        event.target(
            new Target(
                TargetKind.INSTANCE,
                first(resourceName, text(entry, "resource", "labels", "instance_id")),
                instance,
                project));
      }
      event.credential(
          Credential.builder(CredentialKind.METADATA_SSH_KEY)
              .displayName(
                  projectWide ? "ssh-keys in project metadata" : "ssh-keys in instance metadata")
              .detail("note", "the audit log does not carry the key itself")
              .build());
      return true;
    }

    void workloadIdentityProvider() {
      JsonNode provider =
          firstObject(request, "workloadIdentityPoolProvider", "workforcePoolProvider");
      String providerId =
          firstText(request, "workloadIdentityPoolProviderId", "workforcePoolProviderId");
      String parent = text(request, "parent");
      String name =
          first(
              text(provider, "name"),
              parent.isEmpty() || providerId.isEmpty() ? "" : parent + "/providers/" + providerId,
              text(proto, "resourceName"));
      String pool =
          first(segmentAfter(name, "workloadIdentityPools"), segmentAfter(name, "workforcePools"));
      event.target(
          new Target(
              TargetKind.WORKLOAD_IDENTITY_POOL,
              name.contains("/providers/") ? name.substring(0, name.indexOf("/providers/")) : name,
              pool,
              project));
      String issuer = text(provider, "oidc", "issuerUri");
      String awsAccount = text(provider, "aws", "accountId");
      String type =
          !issuer.isEmpty()
              ? "oidc"
              : !awsAccount.isEmpty() ? "aws" : provider.has("saml") ? "saml" : "";
      boolean conditionKnown =
          provider.has("attributeCondition")
              || text(request, "updateMask").contains("attributeCondition")
              || text(proto, "methodName").contains("Create");
      String condition = text(provider, "attributeCondition");
      if (conditionKnown) {
        event.attribute("attributeConditionEmpty", condition.isBlank());
      }
      event.attribute("attributeCondition", Reasons.clip(condition));
      event.attribute("providerType", type);
      event.attribute("disabled", Nodes.bool(provider, "disabled").text());
      event.credential(
          Credential.builder(CredentialKind.WORKLOAD_IDENTITY_PROVIDER)
              .id(name)
              .displayName(
                  first(text(provider, "displayName"), providerId, segmentAfter(name, "providers")))
              .issuer(
                  !issuer.isEmpty()
                      ? issuer
                      : !awsAccount.isEmpty() ? "AWS account " + awsAccount : type)
              .detail("providerType", type)
              .build());
    }

    void proxy(JsonNode grant) {
      String permission = text(grant, "permission");
      CredentialKind kind =
          OperationCatalog.gcpProxyPermission(permission)
              .orElse(CredentialKind.SERVICE_ACCOUNT_KEY);
      String resourceType = text(entry, "resource", "type");
      String resourceLabel = text(entry, "resource", "labels", "name");
      if (resourceType.equals("deployment")) {
        event.target(new Target(TargetKind.DEPLOYMENT, resourceLabel, resourceLabel, project));
      } else {
        String resource = first(text(grant, "resource"), text(proto, "resourceName"));
        event.target(new Target(TargetKind.UNKNOWN, resource, resource, project));
      }
      event.attribute("viaPermission", permission);
      event.attribute("proxyMethod", text(proto, "methodName"));
      event.credential(
          Credential.builder(kind)
              .displayName(
                  kind.description()
                      + " created through "
                      + first(text(proto, "serviceName"), "another service"))
              .detail("permission", permission)
              .build());
    }
  }

  private static JsonNode firstObject(JsonNode parent, String... names) {
    for (String name : names) {
      JsonNode candidate = object(parent, name);
      if (!candidate.isMissingNode()) {
        return candidate;
      }
    }
    return object(parent, names[0]);
  }

  private static boolean namesSshKeys(JsonNode delta, String camel, String snake) {
    List<JsonNode> keys = array(delta, camel);
    if (keys.isEmpty()) {
      keys = array(delta, snake);
    }
    for (JsonNode key : keys) {
      String name = key.asText().trim();
      if (name.equals("ssh-keys")
          || name.equals("sshKeys")
          || name.startsWith("ssh-keys ")
          || name.startsWith("sshKeys ")) {
        return true;
      }
    }
    return false;
  }

  private static Optional<Instant> microseconds(String value) {
    try {
      long micros = Long.parseLong(value.trim());
      return micros <= 0
          ? Optional.empty()
          : Optional.of(Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000));
    } catch (NumberFormatException absent) {
      return Optional.empty();
    }
  }
}
