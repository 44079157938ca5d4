package io.credwatch.alert;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The few facts of an alert that message brokers carry as attributes (SNS message attributes,
 * Pub/Sub attributes), for subscription filters: severity, rule, cloud, the account (or project)
 * and the remediation outcome. Values are single-line, at most 256 characters; empty ones are left
 * out, as brokers reject them.
 */
public final class AlertAttributes {
  public static final String PHASE_DETECTION = "detection";
  public static final String PHASE_FIRST_USE = "first-use";

  private AlertAttributes() {}

  /**
   * The attributes of an alert.
   *
   * @param accountName the attribute name of the account: "account" (AWS) or "project" (GCP)
   */
  public static Map<String, String> of(Alert alert, String accountName) {
    Map<String, String> attributes = new LinkedHashMap<>();
    put(attributes, "severity", alert.severity().id());
    put(attributes, "rule", alert.ruleName());
    put(attributes, "cloud", alert.cloud().id());
    put(attributes, accountName, alert.account());
    put(attributes, "remediation", alert.remediation().outcome());
    // Subscribers filter follow-ups on this: "first-use" when the alert reports a first use.
    put(attributes, "phase", alert.firstUse().isPresent() ? PHASE_FIRST_USE : PHASE_DETECTION);
    return attributes;
  }

  private static void put(Map<String, String> attributes, String name, String value) {
    String clean = UntrustedText.plain(value, 256);
    if (!clean.isBlank()) {
      attributes.put(name, clean);
    }
  }
}
