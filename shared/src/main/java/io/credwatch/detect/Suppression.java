package io.credwatch.detect;

import io.credwatch.event.CredentialEvent;
import io.credwatch.rule.Globs;
import io.credwatch.rule.Rule;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * An owned, time-boxed exception: findings for this principal (optionally only for one rule and
 * target) are logged but not sent, until the expiry date.
 *
 * @param principal exact id, ARN, UPN or email of the caller, or a glob ({@code *}, {@code ?});
 *     compared with the caller's principal, id, name and (for AWS sessions) session issuer
 * @param rule a rule name or id, or empty for every rule
 * @param target a glob over the target's name or id, or empty for every target
 * @param owner who answers for it
 * @param reason why it exists
 * @param expires the last day it applies
 */
public record Suppression(
    String principal,
    Optional<String> rule,
    Optional<String> target,
    String owner,
    String reason,
    LocalDate expires) {

  /** True when the suppression covers the finding, whatever its expiry. */
  public boolean covers(Rule matched, CredentialEvent event) {
    if (rule.isPresent()
        && !rule.get().equals(matched.name())
        && !rule.get().equals(matched.id())) {
      return false;
    }
    if (target.isPresent()
        && !anyMatches(target.get(), List.of(event.target().name(), event.target().id()))) {
      return false;
    }
    return anyMatches(
        principal,
        List.of(
            event.actor().principal(),
            event.actor().id(),
            event.actor().name(),
            event.actor().sessionIssuer()));
  }

  public boolean expiredOn(LocalDate today) {
    return today.isAfter(expires);
  }

  /** "principal (rule, target)" for messages. */
  public String describe() {
    StringBuilder text = new StringBuilder(principal);
    rule.ifPresent(r -> text.append(" for rule ").append(r));
    target.ifPresent(t -> text.append(" on target ").append(t));
    return text.toString();
  }

  private static boolean anyMatches(String glob, List<String> values) {
    for (String value : values) {
      if (!value.isEmpty() && Globs.matches(glob, value, true)) {
        return true;
      }
    }
    return false;
  }
}
