package io.credwatch.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What became of a new credential after it was added: its first use (architecture §13), as the
 * scanned logs or the cloud's own last-used record show it, or that it was not used in a window.
 * The strongest evidence that a new credential is an intruder's is how and where it is first used.
 *
 * @param used false when the credential was not used in {@code window}
 * @param learnedFrom where this was learned ("the scanned logs", "iam:GetAccessKeyLastUsed")
 * @param window the span looked at, for people ("the scanned logs, to 2024-05-01T10:00:00Z")
 * @param at when it was first used
 * @param afterCreation how long after the credential was added
 * @param sourceIp the first use's source IP (caller-controlled), or ""
 * @param creatorIp the IP the credential was added from, or ""
 * @param userAgent the first use's user agent (caller-controlled), or ""
 * @param via the sessions minted with it, whose temporary keys' uses are counted as its own
 *     ("AssumeRole → ASIA..."), or ""
 * @param location where the sign-in came from (Entra), or ""
 * @param resource what was signed in to (Entra), or the service first called
 * @param result the first use's result ("success" or an error code)
 * @param firstHour distinct service operations in the hour after the first use, in order, at most
 *     {@link #MAX_OPERATIONS}
 * @param uses how many uses the scanned logs show; 0 when a cloud's last-used record told
 */
public record FirstUse(
    boolean used,
    String learnedFrom,
    String window,
    Optional<Instant> at,
    Optional<Duration> afterCreation,
    String sourceIp,
    String creatorIp,
    String userAgent,
    String via,
    String location,
    String resource,
    String result,
    List<String> firstHour,
    long uses) {

  /** Where the scanner learns it. */
  public static final String FROM_SCAN = "the scanned logs";

  /** A first use this soon after creation, from another source than the creator's, is urgent. */
  public static final Duration QUICK_USE = Duration.ofMinutes(30);

  /** How many operations of the first hour are listed. */
  public static final int MAX_OPERATIONS = 20;

  public FirstUse {
    firstHour = List.copyOf(firstHour.subList(0, Math.min(firstHour.size(), MAX_OPERATIONS)));
  }

  /** Not used at all in {@code window}. */
  public static FirstUse unused(String learnedFrom, String window) {
    return new FirstUse(
        false,
        learnedFrom,
        window,
        Optional.empty(),
        Optional.empty(),
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        List.of(),
        0);
  }

  /** True when the first use came from another source than the one that added the credential. */
  public boolean fromAnotherSource() {
    return !sourceIp.isEmpty() && !creatorIp.isEmpty() && !sourceIp.equalsIgnoreCase(creatorIp);
  }

  /**
   * Why this first use makes the alert more urgent, when it does: within {@link #QUICK_USE} of the
   * credential's creation, from another source than the one that added it.
   */
  public Optional<String> soonFromElsewhere() {
    if (afterCreation.isEmpty()
        || afterCreation.get().compareTo(QUICK_USE) > 0
        || !fromAnotherSource()) {
      return Optional.empty();
    }
    return Optional.of(
        "first used "
            + describe(afterCreation.get())
            + " after it was added, from "
            + sourceIp
            + ", not from "
            + creatorIp
            + " where it was added");
  }

  /**
   * The facts an on-call engineer reads, as (title, raw value) pairs in order: renderers escape the
   * values for their medium (source IP, user agent and location are caller-controlled).
   */
  public List<java.util.Map.Entry<String, String>> facts() {
    List<java.util.Map.Entry<String, String>> facts = new java.util.ArrayList<>();
    if (!used) {
      facts.add(java.util.Map.entry("First use", "not used in " + window));
      return facts;
    }
    StringBuilder when = new StringBuilder();
    afterCreation.ifPresent(after -> when.append(describe(after)).append(" after it was added"));
    at.ifPresent(time -> when.append(when.length() == 0 ? "" : ", ").append(time));
    if (when.length() == 0) {
      when.append("used (no time recorded)");
    }
    if (uses > 0) {
      when.append("; ").append(uses).append(uses == 1 ? " use" : " uses");
    }
    if (!learnedFrom.equals(FROM_SCAN)) {
      when.append(" (").append(learnedFrom).append(")");
    }
    if (!result.isEmpty() && !result.equals("success")) {
      when.append("; first result ").append(result);
    }
    facts.add(java.util.Map.entry("First use", when.toString()));
    List<String> from = new java.util.ArrayList<>();
    if (!sourceIp.isEmpty()) {
      from.add(
          sourceIp
              + (fromAnotherSource()
                  ? " (not " + creatorIp + ", where it was added)"
                  : creatorIp.isEmpty() ? "" : " (where it was added)"));
    }
    if (!location.isEmpty()) {
      from.add(location);
    }
    if (!userAgent.isEmpty()) {
      from.add("agent " + userAgent);
    }
    if (!from.isEmpty()) {
      facts.add(java.util.Map.entry("First used from", String.join(" · ", from)));
    }
    if (!via.isEmpty()) {
      facts.add(java.util.Map.entry("Sessions minted", via));
    }
    if (!resource.isEmpty() && firstHour.isEmpty()) {
      facts.add(java.util.Map.entry("First used on", resource));
    }
    if (!firstHour.isEmpty()) {
      facts.add(java.util.Map.entry("First hour", String.join(" · ", firstHour)));
    }
    return facts;
  }

  /**
   * One line for a card's header: "First used 4 min after it was added, from 198.51.100.99, not
   * where it was added", or "Not used in the 24 h after it was added".
   */
  public String headline() {
    if (!used) {
      return "Not used in " + window;
    }
    String when =
        afterCreation
            .map(after -> "First used " + describe(after) + " after it was added")
            .orElse("Used");
    return fromAnotherSource() ? when + ", from " + sourceIp + ", not where it was added" : when;
  }

  /** "4 min", "2 h 5 min", "3 d 1 h", "12 s": how long after creation, for people. */
  public static String describe(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    if (seconds < 60) {
      return seconds + " s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return minutes + " min";
    }
    long hours = minutes / 60;
    if (hours < 48) {
      return hours + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }
    return hours / 24 + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
  }
}
