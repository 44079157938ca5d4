package io.credwatch.alert;

import io.credwatch.event.Actor;
import io.credwatch.event.Cloud;
import io.credwatch.event.Credential;
import io.credwatch.event.RecordLocation;
import io.credwatch.event.Target;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The alert document of architecture §7: one per finding, the same everywhere (SNS, Pub/Sub, Teams,
 * the scanner's JSON lines, the logs). Holds raw values; renderers neutralise the caller-chosen
 * ones for their medium.
 *
 * @param id deterministic: the same event and credential always give the same id
 * @param ruleId the rule's UUID
 * @param ruleName the rule's name
 * @param title the rule's headline
 * @param severity after context flags
 * @param cloud which cloud
 * @param account account, tenant/subscription or project
 * @param region region, or ""
 * @param actor who did it
 * @param target who or what got the credential
 * @param credential the new credential
 * @param eventTime when it happened
 * @param detectedAt when CredWatch saw it
 * @param reasons why this severity, in order
 * @param remediation what CredWatch did about it
 * @param links console pages for the investigation
 * @param event the audit record's own facts
 * @param triage first steps for the on-call engineer
 * @param notes further remarks (expired suppressions, caveats)
 * @param suppression the suppression that silenced it, if any
 * @param input where the scanner found the record
 * @param techniques the ATT&amp;CK techniques of the rule (T1098.001 first, T1098.003 too for an
 *     application permission)
 * @param analytic what the Sentinel analytic projects from an Entra record, for Entra alerts
 * @param firstUse the credential's first use, once it is known (the scanner, a follow-up alert)
 */
public record Alert(
    String id,
    String ruleId,
    String ruleName,
    String title,
    Severity severity,
    Cloud cloud,
    String account,
    String region,
    Actor actor,
    Target target,
    Credential credential,
    Optional<Instant> eventTime,
    Instant detectedAt,
    List<String> reasons,
    Remediation remediation,
    List<Link> links,
    EventFacts event,
    List<String> triage,
    List<String> notes,
    Optional<SuppressionFacts> suppression,
    Optional<RecordLocation> input,
    List<String> techniques,
    Optional<AnalyticFields> analytic,
    Optional<FirstUse> firstUse) {

  /** The version of this document's shape; bumped on incompatible changes. */
  public static final String SCHEMA_VERSION = "1.2";

  /** ATT&amp;CK technique every CredWatch alert maps to. */
  public static final String TECHNIQUE = "T1098.001";

  public static final String TECHNIQUE_NAME = "Account Manipulation: Additional Cloud Credentials";

  public Alert {
    reasons = List.copyOf(reasons);
    links = List.copyOf(links);
    triage = List.copyOf(triage);
    notes = List.copyOf(notes);
    techniques = List.copyOf(techniques);
  }

  /** This alert with one more note (a remediation pause, a repeat). */
  public Alert withNote(String note) {
    List<String> more = new java.util.ArrayList<>(notes);
    more.add(note);
    return copy(severity, reasons, more, firstUse);
  }

  /**
   * This alert with what its credential's first use showed: each reason that makes it more urgent
   * raises the severity one level and is added to the reasons ("raised to critical: ...").
   */
  public Alert withFirstUse(FirstUse use, List<String> raisingReasons) {
    Severity raised = severity;
    List<String> allReasons = new java.util.ArrayList<>(reasons);
    for (String reason : raisingReasons) {
      raised = raised.raise(1);
      allReasons.add("raised to " + raised.id() + ": " + reason);
    }
    return copy(raised, allReasons, notes, Optional.of(use));
  }

  private Alert copy(
      Severity newSeverity,
      List<String> newReasons,
      List<String> newNotes,
      Optional<FirstUse> newFirstUse) {
    return new Alert(
        id,
        ruleId,
        ruleName,
        title,
        newSeverity,
        cloud,
        account,
        region,
        actor,
        target,
        credential,
        eventTime,
        detectedAt,
        newReasons,
        remediation,
        links,
        event,
        triage,
        newNotes,
        suppression,
        input,
        techniques,
        analytic,
        newFirstUse);
  }

  /** The source IP of the call (architecture §7 top-level field). */
  public String sourceIp() {
    return actor.sourceIp();
  }

  /** The caller's user agent (caller-controlled). */
  public String userAgent() {
    return actor.userAgent();
  }

  /** What CredWatch did: {@code mode}, the action, its outcome, the detail, and how to undo it. */
  public record Remediation(
      String mode,
      String action,
      String outcome,
      String detail,
      String undo,
      List<String> permissions) {
    public Remediation {
      permissions = List.copyOf(permissions);
    }

    public static Remediation none(String mode, String detail) {
      return new Remediation(mode, "", "skipped", detail, "", List.of());
    }

    /** The outcome, its detail and how to undo it, in one sentence for a finding's text. */
    public String summary() {
      return outcome
          + (detail.isEmpty() ? "" : ": " + detail)
          + (undo.isEmpty() ? "" : " Undo: " + undo);
    }
  }

  /** A console link; the URL is built by CredWatch with every inserted value encoded. */
  public record Link(String title, String url) {}

  /** The audit record's own facts. */
  public record EventFacts(
      String source,
      String id,
      String correlationId,
      String operation,
      boolean success,
      String errorCode) {}

  /** Who silenced the alert, why, and until when. */
  public record SuppressionFacts(String principal, String owner, String reason, String expires) {}

  /** The tactics of T1098.001. */
  public static List<String> tactics() {
    return List.of("persistence", "privilege-escalation");
  }
}
