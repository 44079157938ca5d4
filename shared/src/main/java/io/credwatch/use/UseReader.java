package io.credwatch.use;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.source.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what one audit record shows of credential use: the credential it was made with (a
 * CloudTrail record's access key, a GCP entry's service-account or HMAC key, an Entra
 * service-principal sign-in's key id), and who acted when, for the creators' usual hours.
 */
public final class UseReader {
  /** Calls made with a long-term key that return a temporary key of their own. */
  private static final Set<String> SESSION_CALLS =
      Set.of("GetSessionToken", "AssumeRole", "GetFederationToken");

  private static final String ENTRA_SIGN_IN = "Entra ID sign-in";

  private UseReader() {}

  /** Someone's activity at a time: the creators' hours come from these. */
  public record Activity(String principal, Instant time) {}

  /** The credential uses one record shows: usually none, at most a few. */
  public static List<CredentialUse> uses(JsonNode record) {
    List<CredentialUse> uses = new ArrayList<>();
    if (record.path("eventSource").isTextual() && record.path("eventName").isTextual()) {
      cloudTrail(record, uses);
    } else if (record.path("protoPayload").isObject()) {
      gcpAudit(record, uses);
    } else if (record.path("detail").isObject() && record.path("detail-type").isTextual()) {
      cloudTrail(record.path("detail"), uses);
    } else {
      entraSignIn(record, uses);
    }
    return uses;
  }

  /** Who acted, and when: a CloudTrail record's ARN, a GCP entry's principal email. */
  public static Optional<Activity> activity(JsonNode record) {
    String principal;
    Optional<Instant> time;
    if (record.path("eventSource").isTextual()) {
      principal = text(record.path("userIdentity"), "arn");
      time = Timestamps.parse(record.path("eventTime"));
    } else if (record.path("protoPayload").isObject()) {
      principal = text(record.path("protoPayload").path("authenticationInfo"), "principalEmail");
      time = Timestamps.parse(record.path("timestamp"));
    } else {
      return Optional.empty();
    }
    return principal.isEmpty() || time.isEmpty()
        ? Optional.empty()
        : Optional.of(new Activity(principal, time.get()));
  }

  private static void cloudTrail(JsonNode record, List<CredentialUse> uses) {
    JsonNode identity = record.path("userIdentity");
    String eventName = text(record, "eventName");
    String errorCode = text(record, "errorCode");
    String account = first(text(record, "recipientAccountId"), text(identity, "accountId"));
    Optional<Instant> time = Timestamps.parse(record.path("eventTime"));
    String sourceIp = text(record, "sourceIPAddress");
    String userAgent = text(record, "userAgent");
    String service = text(record, "eventSource");
    String result = errorCode.isEmpty() ? "success" : errorCode;
    if (eventName.equals("ConsoleLogin") && text(identity, "type").equals("IAMUser")) {
      String outcome = text(record.path("responseElements"), "ConsoleLogin");
      String user = first(text(identity, "userName"), afterLast(text(identity, "arn"), '/'));
      uses.add(
          new CredentialUse(
              Followed.consoleKey(account, user),
              time,
              sourceIp,
              userAgent,
              service,
              eventName,
              outcome.isEmpty() || outcome.equalsIgnoreCase("Success") ? result : outcome,
              "",
              ""));
      return;
    }
    String accessKey = text(identity, "accessKeyId");
    if (!accessKey.isEmpty()) {
      String minted =
          SESSION_CALLS.contains(eventName) && errorCode.isEmpty()
              ? text(record.path("responseElements").path("credentials"), "accessKeyId")
              : "";
      uses.add(
          new CredentialUse(
              accessKey, time, sourceIp, userAgent, service, eventName, result, "", minted));
    }
    String keyName = text(record.path("requestParameters"), "keyName");
    if (eventName.equals("RunInstances") && !keyName.isEmpty()) {
      uses.add(
          new CredentialUse(
              Followed.keyPairKey(account, text(record, "awsRegion"), keyName),
              time,
              sourceIp,
              userAgent,
              service,
              eventName,
              result,
              "",
              ""));
    }
  }

  private static void gcpAudit(JsonNode entry, List<CredentialUse> uses) {
    JsonNode payload = entry.path("protoPayload");
    JsonNode authentication = payload.path("authenticationInfo");
    JsonNode metadata = payload.path("requestMetadata");
    Optional<Instant> time = Timestamps.parse(entry.path("timestamp"));
    String service = text(payload, "serviceName");
    String method = text(payload, "methodName");
    int code = payload.path("status").path("code").asInt(0);
    String result = code == 0 ? "success" : "status " + code;
    String keyName = text(authentication, "serviceAccountKeyName");
    List<String> keys = new ArrayList<>();
    if (!keyName.isEmpty()) {
      keys.add(afterLast(keyName, '/'));
    }
    if (service.equals("storage.googleapis.com")) {
      // A request signed with an HMAC key names the key's access id (GOOG...) in its
      // authentication info; read any such value there.
      authentication
          .properties()
          .forEach(
              field -> {
                String value = field.getValue().isTextual() ? field.getValue().textValue() : "";
                String last = afterLast(value, '/');
                if (last.startsWith("GOOG") && !keys.contains(last)) {
                  keys.add(last);
                }
              });
    }
    for (String key : keys) {
      uses.add(
          new CredentialUse(
              key,
              time,
              text(metadata, "callerIp"),
              text(metadata, "callerSuppliedUserAgent"),
              service,
              method,
              result,
              "",
              ""));
    }
  }

  /**
   * A service principal's sign-in: the diagnostic setting's {@code ServicePrincipalSignInLogs}
   * record (under {@code properties}), the Graph sign-in, or a Log Analytics {@code
   * AADServicePrincipalSignInLogs} row.
   */
  private static void entraSignIn(JsonNode record, List<CredentialUse> uses) {
    if (record.path("properties").isObject()
        && text(record, "category").toLowerCase(Locale.ROOT).contains("signin")) {
      JsonNode properties = record.path("properties");
      String keyId = text(properties, "servicePrincipalCredentialKeyId");
      if (!keyId.isEmpty()) {
        uses.add(
            graphSignIn(
                properties,
                keyId,
                first(text(properties, "createdDateTime"), text(record, "time")),
                first(text(record, "callerIpAddress"), "")));
      }
      return;
    }
    String graphKey = text(record, "servicePrincipalCredentialKeyId");
    if (!graphKey.isEmpty()) {
      uses.add(graphSignIn(record, graphKey, text(record, "createdDateTime"), ""));
      return;
    }
    String rowKey = text(record, "ServicePrincipalCredentialKeyId");
    if (!rowKey.isEmpty()) {
      String resultType = text(record, "ResultType");
      String resource = text(record, "ResourceDisplayName");
      uses.add(
          new CredentialUse(
              rowKey,
              Timestamps.parse(
                  first(text(record, "TimeGenerated"), text(record, "CreatedDateTime"))),
              text(record, "IPAddress"),
              "",
              ENTRA_SIGN_IN,
              signInTo(resource),
              resultType.isEmpty() || resultType.equals("0") ? "success" : "error " + resultType,
              text(record, "Location"),
              ""));
    }
  }

  private static CredentialUse graphSignIn(
      JsonNode signIn, String keyId, String time, String fallbackIp) {
    JsonNode status = signIn.path("status");
    int errorCode = status.path("errorCode").asInt(0);
    JsonNode location = signIn.path("location");
    String where =
        location.isObject()
            ? String.join(
                ", ",
                java.util.stream.Stream.of(
                        text(location, "city"), text(location, "countryOrRegion"))
                    .filter(part -> !part.isEmpty())
                    .toList())
            : text(signIn, "location");
    return new CredentialUse(
        keyId,
        Timestamps.parse(time),
        first(text(signIn, "ipAddress"), fallbackIp),
        "",
        ENTRA_SIGN_IN,
        signInTo(text(signIn, "resourceDisplayName")),
        errorCode == 0 ? "success" : "error " + errorCode,
        where,
        "");
  }

  private static String signInTo(String resource) {
    return resource.isEmpty() ? "sign-in" : "sign-in to " + resource;
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? value.textValue().trim() : "";
  }

  private static String first(String a, String b) {
    return a.isEmpty() ? b : a;
  }

  private static String afterLast(String text, char separator) {
    return text.substring(text.lastIndexOf(separator) + 1);
  }
}
