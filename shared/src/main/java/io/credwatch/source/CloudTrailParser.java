package io.credwatch.source;

import static io.credwatch.source.Nodes.firstText;
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
import io.credwatch.event.Operation;
import io.credwatch.event.RecordLocation;
import io.credwatch.event.Source;
import io.credwatch.event.Target;
import io.credwatch.event.TargetKind;
import io.credwatch.json.JsonLimits;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * CloudTrail records (raw, in log files, or as the {@code detail} of an EventBridge event) of the
 * catalogued AWS credential operations. Secret material that CloudTrail does log (federation
 * session tokens, pushed public keys) is never copied into the event: keys are named by their
 * fingerprint.
 *
 * <p>Longer than most classes on purpose: one short method per catalogued AWS operation, each
 * naming its credential from that operation's own response, beside the identity reading they share.
 */
final class CloudTrailParser {
  private static final ObjectMapper POLICY_READER = JsonLimits.defaultMapper();

  Verdict parseEventBridge(JsonNode event, RecordLocation location) {
    Envelope envelope =
        new Envelope(
            "eventbridge",
            text(event, "id"),
            text(event, "time"),
            text(event, "account"),
            text(event, "region"),
            "",
            text(event, "detail-type"));
    return parse(object(event, "detail"), envelope, location);
  }

  Verdict parse(JsonNode record, Envelope envelope, RecordLocation location) {
    String eventSource = text(record, "eventSource").trim();
    String eventName = text(record, "eventName").trim();
    if (!OperationCatalog.isAwsCredentialOperation(eventSource, eventName)) {
      return new Verdict.Ignored(
          location, Verdict.Ignored.NOT_CREDENTIAL, eventSource + " " + eventName);
    }
    JsonNode identity = object(record, "userIdentity");
    Actor actor =
        actor(identity, Reasons.clip(text(record, "sourceIPAddress")), text(record, "userAgent"));
    String account = first(text(record, "recipientAccountId"), envelope.account(), actor.account());
    String errorCode = text(record, "errorCode");
    CredentialEvent.Builder event =
        CredentialEvent.builder(Source.CLOUDTRAIL, location)
            .eventId(first(text(record, "eventID"), envelope.id()))
            .eventTime(Timestamps.parse(first(text(record, "eventTime"), envelope.time())))
            .account(account)
            .region(first(text(record, "awsRegion"), envelope.region()))
            .operation(new Operation(eventSource, eventName))
            .outcome(
                errorCode.isEmpty()
                    ? CallOutcome.succeeded()
                    : CallOutcome.failed(errorCode, text(record, "errorMessage")))
            .actor(actor)
            .attribute("actorType", text(identity, "type"))
            .attribute("actorUserName", text(identity, "userName"))
            .attribute("invokedBy", text(identity, "invokedBy"))
            .attribute(
                "mfaAuthenticated",
                text(identity, "sessionContext", "attributes", "mfaAuthenticated"))
            .attribute(
                "sessionCredentialFromConsole", text(record, "sessionCredentialFromConsole"));
    JsonNode request = object(record, "requestParameters");
    JsonNode response = object(record, "responseElements");
    Operations operations = new Operations(event, request, response, actor, account);
    switch (eventSource + ":" + eventName) {
      case "iam.amazonaws.com:CreateAccessKey" -> operations.accessKey();
      case "iam.amazonaws.com:CreateLoginProfile", "iam.amazonaws.com:UpdateLoginProfile" ->
          operations.loginProfile();
      case "iam.amazonaws.com:UploadSSHPublicKey" -> operations.sshPublicKey();
      case "iam.amazonaws.com:UploadSigningCertificate" -> operations.signingCertificate();
      case "iam.amazonaws.com:CreateServiceSpecificCredential" ->
          operations.serviceSpecificCredential();
      case "ec2.amazonaws.com:CreateKeyPair", "ec2.amazonaws.com:ImportKeyPair" ->
          operations.ec2KeyPair();
      case "ec2-instance-connect.amazonaws.com:SendSSHPublicKey",
          "ec2-instance-connect.amazonaws.com:SendSerialConsoleSSHPublicKey" ->
          operations.instanceConnect(eventName.startsWith("SendSerial"));
      case "lightsail.amazonaws.com:GetInstanceAccessDetails" ->
          operations.lightsailAccessDetails();
      case "sts.amazonaws.com:GetFederationToken" -> operations.federationToken();
      case "rolesanywhere.amazonaws.com:CreateTrustAnchor",
          "rolesanywhere.amazonaws.com:UpdateTrustAnchor",
          "rolesanywhere.amazonaws.com:EnableTrustAnchor" ->
          operations.trustAnchor();
      default -> {
        if (eventSource.equals("lightsail.amazonaws.com")) {
          operations.lightsailKeyPair(eventName);
        } else {
          operations.identityProvider(eventName);
        }
      }
    }
    return new Verdict.Relevant(location, List.of(event.build()));
  }

  /** The caller, from {@code userIdentity}. */
  static Actor actor(JsonNode identity, String sourceIp, String userAgent) {
    String type = text(identity, "type");
    String arnText = text(identity, "arn");
    Optional<Arn> arn = Arn.parse(arnText);
    String userName = text(identity, "userName");
    ActorKind kind =
        switch (type) {
          case "Root" -> ActorKind.ROOT;
          case "IAMUser", "IdentityCenterUser" -> ActorKind.USER;
          case "AssumedRole" -> ActorKind.ASSUMED_ROLE;
          case "FederatedUser" -> ActorKind.FEDERATED_USER;
          case "AWSService" -> ActorKind.CLOUD_SERVICE;
          default -> ActorKind.UNKNOWN;
        };
    String name =
        switch (type) {
          case "Root" -> "root";
          // The ARN is authoritative: userName can disagree with it in reshaped records.
          case "IAMUser" ->
              arn.filter(a -> a.resourceType().equals("user"))
                  .map(Arn::resourceName)
                  .orElse(userName);
          case "AssumedRole", "FederatedUser" -> arn.map(Arn::resourceName).orElse(userName);
          case "AWSService" -> text(identity, "invokedBy");
          case "IdentityCenterUser" -> first(userName, text(identity, "onBehalfOf", "userId"));
          default -> userName;
        };
    return new Actor(
        kind,
        text(identity, "principalId"),
        name,
        arnText,
        first(text(identity, "accountId"), arn.map(Arn::account).orElse("")),
        text(identity, "sessionContext", "sessionIssuer", "arn"),
        sourceIp,
        userAgent,
        text(identity, "accessKeyId"));
  }

  /** The per-operation field mapping. */
  private static final class Operations {
    private final CredentialEvent.Builder event;
    private final JsonNode request;
    private final JsonNode response;
    private final Actor actor;
    private final String account;

    Operations(
        CredentialEvent.Builder event,
        JsonNode request,
        JsonNode response,
        Actor actor,
        String account) {
      this.event = event;
      this.request = request;
      this.response = response;
      this.actor = actor;
      this.account = account;
    }

    /**
     * The IAM user an IAM call acted on: {@code userName} of the request, else of the response
     * object, else (the parameter is optional) the caller itself.
     */
    private void iamUserTarget(JsonNode responseObject) {
      String requested = text(request, "userName");
      event.attribute("targetImplicit", requested.isEmpty());
      String userName = first(requested, text(responseObject, "userName"));
      if (!userName.isEmpty()) {
        event.target(new Target(TargetKind.IAM_USER, userName, userName, account));
      } else if (actor.kind() == ActorKind.ROOT) {
        event.target(new Target(TargetKind.ROOT_USER, account, "root", account));
      } else if (actor.kind() == ActorKind.USER) {
        event.target(new Target(TargetKind.IAM_USER, actor.name(), actor.name(), account));
      }
    }

    void accessKey() {
      JsonNode key = object(response, "accessKey");
      iamUserTarget(key);
      event.credential(
          Credential.builder(CredentialKind.ACCESS_KEY)
              .id(text(key, "accessKeyId"))
              .displayName("access key")
              .createdAt(Timestamps.parse(text(key, "createDate")))
              .detail("status", text(key, "status"))
              .build());
    }

    void loginProfile() {
      JsonNode profile = object(response, "loginProfile");
      iamUserTarget(profile);
      Nodes.Tristate resetRequired = Nodes.bool(request, "passwordResetRequired");
      if (resetRequired == Nodes.Tristate.ABSENT) {
        resetRequired = Nodes.bool(profile, "passwordResetRequired");
      }
      event.attribute("passwordResetRequired", resetRequired.text());
      event.credential(
          Credential.builder(CredentialKind.LOGIN_PROFILE)
              .displayName("console password")
              .createdAt(Timestamps.parse(text(profile, "createDate")))
              .build());
    }

    void sshPublicKey() {
      JsonNode key =
          object(response, response.has("sSHPublicKey") ? "sSHPublicKey" : "sshPublicKey");
      iamUserTarget(key);
      event.credential(
          Credential.builder(CredentialKind.IAM_SSH_KEY)
              .id(firstText(key, "sSHPublicKeyId", "sshPublicKeyId"))
              .displayName("CodeCommit SSH public key")
              .createdAt(Timestamps.parse(text(key, "uploadDate")))
              .detail("fingerprint", text(key, "fingerprint"))
              .detail("status", text(key, "status"))
              .build());
    }

    void signingCertificate() {
      JsonNode certificate = object(response, "certificate");
      iamUserTarget(certificate);
      event.credential(
          Credential.builder(CredentialKind.SIGNING_CERTIFICATE)
              .id(text(certificate, "certificateId"))
              .displayName("X.509 signing certificate")
              .createdAt(Timestamps.parse(text(certificate, "uploadDate")))
              .detail("status", text(certificate, "status"))
              .build());
    }

    void serviceSpecificCredential() {
      JsonNode credential = object(response, "serviceSpecificCredential");
      iamUserTarget(credential);
      String serviceName = first(text(request, "serviceName"), text(credential, "serviceName"));
      event.attribute("serviceName", serviceName);
      event.credential(
          Credential.builder(CredentialKind.SERVICE_SPECIFIC_CREDENTIAL)
              .id(text(credential, "serviceSpecificCredentialId"))
              .displayName("credential for " + serviceName)
              .createdAt(Timestamps.parse(text(credential, "createDate")))
              .detail("serviceName", serviceName)
              .detail("serviceUserName", text(credential, "serviceUserName"))
              .detail("status", text(credential, "status"))
              .build());
    }

    void ec2KeyPair() {
      String keyName = first(text(response, "keyName"), text(request, "keyName"));
      event.target(new Target(TargetKind.ACCOUNT, account, account, account));
      event.credential(
          Credential.builder(CredentialKind.EC2_KEY_PAIR)
              .id(first(text(response, "keyPairId"), keyName))
              .displayName(keyName)
              .detail("keyName", keyName)
              .detail("fingerprint", text(response, "keyFingerprint"))
              .detail("keyType", text(request, "keyType"))
              .build());
    }

    void instanceConnect(boolean serialConsole) {
      String instanceId = text(request, "instanceId");
      String publicKey = text(request, "sSHPublicKey");
      String osUser = text(request, "instanceOSUser");
      if (Nodes.bool(response, "success").isFalse()) {
        event.outcome(CallOutcome.failed("NotSuccessful", "responseElements.success is false"));
      }
      event.attribute("serialConsole", serialConsole);
      event.target(new Target(TargetKind.INSTANCE, instanceId, instanceId, account));
      String[] keyFields = publicKey.trim().split("\\s+", 3);
      event.credential(
          Credential.builder(CredentialKind.INSTANCE_SSH_KEY)
              .id(SshFingerprints.sha256(publicKey).orElse(""))
              .displayName(
                  serialConsole
                      ? "serial console key for port " + text(request, "serialPort")
                      : "SSH key for OS user " + osUser)
              .detail("osUser", osUser)
              .detail("serialPort", serialConsole ? text(request, "serialPort") : "")
              .detail("keyType", keyFields.length > 1 ? keyFields[0] : "")
              .detail("keyComment", keyFields.length > 2 ? keyFields[2].trim() : "")
              .detail("validFor", "about 60 seconds")
              .build());
    }

    void lightsailKeyPair(String eventName) {
      event.target(new Target(TargetKind.ACCOUNT, account, account, account));
      String keyPairName =
          eventName.equals("DownloadDefaultKeyPair")
              ? "default key pair"
              : first(text(request, "keyPairName"), text(response, "keyPair", "name"));
      event.credential(
          Credential.builder(CredentialKind.EC2_KEY_PAIR)
              .id(keyPairName)
              .displayName("Lightsail " + keyPairName)
              .detail("service", "lightsail")
              .build());
    }

    void lightsailAccessDetails() {
      String instanceName = text(request, "instanceName");
      event.target(new Target(TargetKind.INSTANCE, instanceName, instanceName, account));
      event.credential(
          Credential.builder(CredentialKind.INSTANCE_SSH_KEY)
              .displayName("temporary Lightsail access for " + instanceName)
              .detail("protocol", text(request, "protocol"))
              .detail("service", "lightsail")
              .build());
    }

    void federationToken() {
      JsonNode credentials = object(response, "credentials");
      // The issuing user: federated sessions are evaluated against its policies.
      if (actor.kind() == ActorKind.ROOT) {
        event.target(new Target(TargetKind.ROOT_USER, account, "root", account));
      } else {
        event.target(new Target(TargetKind.IAM_USER, actor.name(), actor.name(), account));
      }
      event.attribute(
          "sessionPolicyAllowsAll",
          adminPolicyArn(request) ? "true" : allowsEverything(text(request, "policy")));
      event.attribute("durationSeconds", text(request, "durationSeconds"));
      event.credential(
          Credential.builder(CredentialKind.FEDERATION_TOKEN)
              .id(text(credentials, "accessKeyId"))
              .displayName(first(text(response, "federatedUser", "arn"), text(request, "name")))
              .expiresAt(Timestamps.parse(text(credentials, "expiration")))
              .detail("federatedUser", text(request, "name"))
              .build());
    }

    void trustAnchor() {
      JsonNode anchor = object(response, "trustAnchor");
      String sourceType =
          first(text(request, "source", "sourceType"), text(anchor, "source", "sourceType"));
      Nodes.Tristate enabled = Nodes.bool(request, "enabled");
      if (enabled == Nodes.Tristate.ABSENT) {
        enabled = Nodes.bool(anchor, "enabled");
      }
      event.attribute("sourceType", sourceType);
      event.attribute("enabled", enabled.text());
      event.target(new Target(TargetKind.ACCOUNT, account, account, account));
      String acmPca =
          first(
              text(request, "source", "sourceData", "acmPcaArn"),
              text(anchor, "source", "sourceData", "acmPcaArn"));
      event.credential(
          Credential.builder(CredentialKind.TRUST_ANCHOR)
              .id(first(text(anchor, "trustAnchorId"), text(request, "trustAnchorId")))
              .displayName(first(text(anchor, "name"), text(request, "name")))
              .issuer(
                  sourceType.equals("CERTIFICATE_BUNDLE")
                      ? "external certificate authority (certificate bundle)"
                      : acmPca)
              .detail("sourceType", sourceType)
              .detail("arn", text(anchor, "trustAnchorArn"))
              .build());
    }

    void identityProvider(String eventName) {
      event.target(new Target(TargetKind.ACCOUNT, account, account, account));
      String arn =
          first(
              text(response, "openIDConnectProviderArn"),
              text(response, "sAMLProviderArn"),
              text(request, "openIDConnectProviderArn"),
              text(request, "sAMLProviderArn"));
      String url = text(request, "url");
      event.credential(
          Credential.builder(CredentialKind.IDENTITY_PROVIDER)
              .id(arn)
              .displayName(first(url, text(request, "name"), arn))
              .issuer(url)
              .detail("change", eventName)
              .detail("clientId", text(request, "clientID"))
              .build());
    }
  }

  /** True when the session policies include AWS's own AdministratorAccess. */
  static boolean adminPolicyArn(JsonNode request) {
    for (JsonNode policy : Nodes.array(request, "policyArns")) {
      String arn = policy.isObject() ? text(policy, "arn") : policy.asText();
      if (arn.endsWith(":policy/AdministratorAccess")) {
        return true;
      }
    }
    return false;
  }

  /** True when an inline session policy allows every action on every resource. */
  static String allowsEverything(String policy) {
    if (policy.isBlank()) {
      return "";
    }
    try {
      JsonNode document = POLICY_READER.readTree(policy);
      JsonNode statements = document.path("Statement");
      for (JsonNode statement : statements.isArray() ? statements : List.of(statements)) {
        if (statement.path("Effect").asText().equals("Allow")
            && containsStar(statement.path("Action"))
            && containsStar(statement.path("Resource"))) {
          return "true";
        }
      }
      return "false";
    } catch (IOException unreadablePolicy) {
      return "";
    }
  }

  private static boolean containsStar(JsonNode node) {
    if (node.isTextual()) {
      return node.textValue().equals("*");
    }
    for (JsonNode element : node) {
      if (element.isTextual() && element.textValue().equals("*")) {
        return true;
      }
    }
    return false;
  }

  static String first(String... values) {
    for (String value : values) {
      if (!value.isEmpty()) {
        return value;
      }
    }
    return "";
  }
}
