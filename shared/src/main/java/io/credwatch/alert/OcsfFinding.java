package io.credwatch.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.event.Actor;
import io.credwatch.event.Cloud;
import io.credwatch.event.Target;
import io.credwatch.json.JsonLimits;
import java.util.List;

/**
 * An alert as an OCSF 1.1.0 Detection Finding (class 2004), with the cloud profile: the form Amazon
 * Security Lake custom sources, the new Security Hub and most SIEMs take. The caller who added the
 * credential is the actor (their credential in {@code actor.user.credential_uid}), the identity
 * that received it and the credential itself are the affected resources, the audit call is the
 * evidence, the rule is the analytic, and T1098.001 the attack. What OCSF has no field for (the
 * credential's kind and details, what the response did and how to undo it, the first use, triage
 * steps, links) goes under {@code unmapped.credwatch}, in the alert document's own shape.
 *
 * <p>Tests validate every rendering against OCSF's own definitions (a JSON Schema generated from
 * them by {@code tools/ocsf/json_schema.py}).
 */
public final class OcsfFinding {
  public static final String OCSF_VERSION = "1.1.0";
  public static final int CLASS_UID = 2004;
  static final int CATEGORY_FINDINGS = 2;

  /** Activity 1, Create: a new finding; 2, Update: a follow-up with the same id. */
  static final int CREATE = 1;

  static final int UPDATE = 2;

  /** The alert document's fields that OCSF has no place for, under unmapped.credwatch. */
  private static final List<String> UNMAPPED =
      List.of(
          "schemaVersion",
          "rule",
          "credential",
          "remediation",
          "event",
          "firstUse",
          "triage",
          "notes",
          "links",
          "suppression",
          "input",
          "analytic",
          "reasons");

  private OcsfFinding() {}

  /**
   * Update for a function's first-use follow-up (the same finding, later), Create otherwise: a
   * scan's alerts are new findings even when the scan saw the first use.
   */
  static int activityOf(Alert alert) {
    return alert.firstUse().isPresent()
            && !FirstUse.FROM_SCAN.equals(alert.firstUse().get().learnedFrom())
        ? UPDATE
        : CREATE;
  }

  static ObjectNode toNode(Alert alert, int activity) {
    ObjectNode finding = JsonLimits.defaultMapper().createObjectNode();
    finding.put("activity_id", activity);
    finding.put("activity_name", activity == CREATE ? "Create" : "Update");
    finding.put("category_uid", CATEGORY_FINDINGS);
    finding.put("category_name", "Findings");
    finding.put("class_uid", CLASS_UID);
    finding.put("class_name", "Detection Finding");
    finding.put("type_uid", CLASS_UID * 100L + activity);
    finding.put("type_name", "Detection Finding: " + (activity == CREATE ? "Create" : "Update"));
    finding.put("time", alert.detectedAt().toEpochMilli());
    finding.put("severity_id", severityId(alert.severity()));
    finding.put("severity", severityName(alert.severity()));
    finding.put("status_id", 1);
    finding.put("status", "New");
    finding.put("message", AlertText.subject(alert));
    metadata(finding.putObject("metadata"), alert);
    findingInfo(finding.putObject("finding_info"), alert);
    cloud(finding.putObject("cloud"), alert);
    actor(finding.putObject("actor"), alert.actor());
    resources(finding.putArray("resources"), alert);
    evidence(finding.putArray("evidences").addObject(), alert);
    remediation(finding, alert);
    ObjectNode document = AlertJson.toNode(alert);
    ObjectNode unmapped = finding.putObject("unmapped").putObject("credwatch");
    for (String field : UNMAPPED) {
      if (document.has(field)) {
        unmapped.set(field, document.get(field));
      }
    }
    return finding;
  }

  private static void metadata(ObjectNode metadata, Alert alert) {
    metadata.put("version", OCSF_VERSION);
    metadata.put("uid", alert.id());
    metadata.put("event_code", alert.ruleName());
    metadata.putArray("profiles").add("cloud");
    alert.eventTime().ifPresent(at -> metadata.put("original_time", at.toString()));
    metadata.put("logged_time", alert.detectedAt().toEpochMilli());
    if (!alert.event().id().isEmpty()) {
      metadata.put("correlation_uid", alert.event().id());
    }
    metadata.put("log_name", alert.event().source());
    ObjectNode product = metadata.putObject("product");
    product.put("name", "CredWatch");
    product.put("vendor_name", "CredWatch");
    product.putObject("feature").put("name", "detection");
  }

  private static void findingInfo(ObjectNode info, Alert alert) {
    info.put("uid", alert.id());
    info.put("title", alert.title());
    info.put("desc", String.join("; ", alert.reasons()));
    info.put("created_time", alert.detectedAt().toEpochMilli());
    alert.eventTime().ifPresent(at -> info.put("first_seen_time", at.toEpochMilli()));
    info.putArray("types").add("Additional Cloud Credentials");
    info.putArray("data_sources").add(alert.event().source());
    ObjectNode analytic = info.putObject("analytic");
    analytic.put("uid", alert.ruleId());
    analytic.put("name", alert.ruleName());
    analytic.put("type_id", 1);
    analytic.put("type", "Rule");
    ObjectNode attack = info.putArray("attacks").addObject();
    attack.put("version", "v16");
    attack.putObject("technique").put("uid", "T1098").put("name", "Account Manipulation");
    attack
        .putObject("sub_technique")
        .put("uid", Alert.TECHNIQUE)
        .put("name", "Additional Cloud Credentials");
    ArrayNode tactics = attack.putArray("tactics");
    tactics.addObject().put("uid", "TA0003").put("name", "Persistence");
    tactics.addObject().put("uid", "TA0004").put("name", "Privilege Escalation");
    attack.putObject("tactic").put("uid", "TA0003").put("name", "Persistence");
    if (!alert.event().id().isEmpty()) {
      info.putArray("related_events")
          .addObject()
          .put("uid", alert.event().id())
          .put("product_uid", alert.event().source());
    }
  }

  private static void cloud(ObjectNode cloud, Alert alert) {
    cloud.put("provider", provider(alert.cloud()));
    text(cloud, "region", alert.region());
    if (!alert.account().isEmpty()) {
      cloud.putObject("account").put("uid", alert.account());
    }
  }

  private static void actor(ObjectNode actor, Actor who) {
    ObjectNode user = actor.putObject("user");
    text(user, "uid", who.principal().isEmpty() ? who.id() : who.principal());
    text(user, "name", who.name());
    text(user, "type", who.kind().id());
    text(user, "credential_uid", who.credentialUsed());
    if (!who.account().isEmpty()) {
      user.putObject("account").put("uid", who.account());
    }
    if (!who.sessionIssuer().isEmpty()) {
      actor.putObject("session").put("issuer", who.sessionIssuer());
    }
  }

  /** The identity that received the credential, and the credential, owned by it. */
  private static void resources(ArrayNode resources, Alert alert) {
    Target target = alert.target();
    String targetUid = target.id().isEmpty() ? target.name() : target.id();
    ObjectNode identity = resources.addObject();
    text(identity, "uid", targetUid);
    text(identity, "name", target.name());
    identity.put("type", target.kind().id());
    text(identity, "region", alert.region());
    ObjectNode credential = resources.addObject();
    text(credential, "uid", alert.credential().id());
    text(credential, "name", alert.credential().displayName());
    credential.put("type", "credential:" + alert.credential().kind().id());
    ObjectNode owner = credential.putObject("owner");
    text(owner, "uid", targetUid);
    text(owner, "name", target.name());
  }

  private static void evidence(ObjectNode evidence, Alert alert) {
    ObjectNode api = evidence.putObject("api");
    api.put("operation", alert.event().operation());
    api.putObject("service").put("name", alert.event().source());
    if (!alert.event().correlationId().isEmpty()) {
      api.putObject("request").put("uid", alert.event().correlationId());
    }
    if (!alert.event().errorCode().isEmpty()) {
      api.putObject("response").put("error", alert.event().errorCode());
    }
    if (!alert.sourceIp().isEmpty() || !alert.userAgent().isEmpty()) {
      ObjectNode source = evidence.putObject("src_endpoint");
      text(source, "ip", alert.sourceIp());
    }
    ObjectNode actor = evidence.putObject("actor");
    actor(actor, alert.actor());
  }

  /** What was, or would be, done about it, and how to undo it, in words. */
  private static void remediation(ObjectNode finding, Alert alert) {
    finding.putObject("remediation").put("desc", alert.remediation().summary());
  }

  static int severityId(Severity severity) {
    return switch (severity) {
      case INFO -> 1;
      case LOW -> 2;
      case MEDIUM -> 3;
      case HIGH -> 4;
      case CRITICAL -> 5;
    };
  }

  private static String severityName(Severity severity) {
    return switch (severity) {
      case INFO -> "Informational";
      case LOW -> "Low";
      case MEDIUM -> "Medium";
      case HIGH -> "High";
      case CRITICAL -> "Critical";
    };
  }

  private static String provider(Cloud cloud) {
    return switch (cloud) {
      case AWS -> "AWS";
      case AZURE -> "Azure";
      case GCP -> "GCP";
    };
  }

  private static void text(ObjectNode node, String name, String value) {
    if (!value.isEmpty()) {
      node.put(name, value);
    }
  }
}
