package io.credwatch.alert;

import io.credwatch.event.CredentialKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The short human forms: a subject for SNS mail subscribers and a few lines of text for logs, mail
 * and the scanner. Every caller-controlled value is neutralised ({@link UntrustedText}).
 */
public final class AlertText {
  /** SNS requires fewer than 100 characters. */
  public static final int MAX_SUBJECT = 99;

  private static final int FIELD = 160;
  private static final int UNDO = 1000;
  private static final int NOTE = 400;

  private AlertText() {}

  /** "[CredWatch HIGH] aws access-key AKIA… added to bob by alice": one line, under 100 chars. */
  public static String subject(Alert alert) {
    String prefix =
        "[CredWatch "
            + alert.severity().id().toUpperCase(Locale.ROOT)
            + "] "
            + alert.cloud().id()
            + " ";
    String credential = alert.credential().kind().id() + credentialIdSuffix(alert);
    String sentence =
        credential
            + " added to "
            + alert.target().displayName()
            + " by "
            + alert.actor().displayName();
    return UntrustedText.subject(prefix + sentence, MAX_SUBJECT);
  }

  /** The headline: what happened, in one sentence. */
  public static String headline(Alert alert) {
    CredentialKind kind = alert.credential().kind();
    String id = alert.credential().id().isEmpty() ? "" : " " + alert.credential().id();
    return safe(alert.actor().displayName())
        + " added "
        + kind.description()
        + safe(id)
        + " to "
        + alert.target().kind().id()
        + " "
        + safe(alert.target().displayName());
  }

  /** The multi-line text body. */
  public static String body(Alert alert) {
    List<String> lines = new ArrayList<>();
    lines.add(
        (alert.suppression().isPresent() ? "SUPPRESSED  " : "")
            + alert.severity().id().toUpperCase(Locale.ROOT)
            + "  "
            + alert.cloud().id()
            + "  "
            + alert.title()
            + "  ["
            + alert.ruleName()
            + "]");
    lines.add("  " + headline(alert));
    List<String> where = new ArrayList<>();
    if (!alert.account().isEmpty()) {
      where.add("account " + safe(alert.account()));
    }
    if (!alert.region().isEmpty()) {
      where.add("region " + safe(alert.region()));
    }
    alert.eventTime().ifPresent(time -> where.add(time.toString()));
    if (!alert.sourceIp().isEmpty()) {
      where.add("from " + safe(alert.sourceIp()));
    }
    if (!alert.userAgent().isEmpty()) {
      where.add("agent " + UntrustedText.plain(alert.userAgent(), 60));
    }
    lines.add("  " + String.join(" · ", where));
    lines.add("  why: " + String.join("; ", alert.reasons()));
    Alert.Remediation remediation = alert.remediation();
    String action = remediation.action().isEmpty() ? "" : remediation.action() + " → ";
    lines.add(
        "  response: "
            + action
            + remediation.outcome()
            + (remediation.detail().isEmpty() ? "" : " (" + safe(remediation.detail()) + ")"));
    if (!remediation.undo().isEmpty()) {
      lines.add("  undo: " + UntrustedText.command(remediation.undo(), UNDO));
    }
    alert
        .firstUse()
        .ifPresent(
            use ->
                use.facts()
                    .forEach(
                        fact ->
                            lines.add(
                                "  "
                                    + fact.getKey().toLowerCase(Locale.ROOT)
                                    + ": "
                                    + UntrustedText.plain(fact.getValue(), NOTE))));
    for (String note : alert.notes()) {
      lines.add("  note: " + UntrustedText.plain(note, NOTE));
    }
    alert
        .suppression()
        .ifPresent(
            s ->
                lines.add(
                    "  suppressed by "
                        + safe(s.principal())
                        + " (owner "
                        + safe(s.owner())
                        + ", until "
                        + s.expires()
                        + "): "
                        + safe(s.reason())));
    alert.input().ifPresent(input -> lines.add("  at: " + safe(input.describe())));
    lines.add("  alert id: " + alert.id());
    return String.join("\n", lines);
  }

  private static String credentialIdSuffix(Alert alert) {
    String id = alert.credential().id();
    return id.isEmpty() ? "" : " " + (id.length() > 24 ? id.substring(0, 23) + "…" : id);
  }

  private static String safe(String text) {
    return UntrustedText.plain(text, FIELD);
  }
}
