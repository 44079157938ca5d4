package io.credwatch.respond;

import io.credwatch.event.Cloud;
import io.credwatch.event.CredentialKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What an action declares about itself, built by name rather than by position (as Cloud Custodian's
 * action classes declare schema and permissions). An immutable value: each method returns a new
 * spec.
 *
 * @param id the id rules name
 * @param cloud the cloud it runs against
 * @param kinds the credential kinds it handles
 * @param locator the type of locator its plans carry
 * @param permissions the cloud permissions it uses; the templates grant exactly these
 * @param reversible the undo restores the credential as it was
 * @param optIn it runs only where its rule is explicitly switched to enforce
 * @param needsCredentialId it acts on one credential id the event must name (not on the identity)
 * @param caveat what it does not undo, said in every alert that reports it
 * @param planner how it plans its work for one event
 */
public record ActionSpec(
    String id,
    Cloud cloud,
    Set<CredentialKind> kinds,
    Class<? extends RemediationLocator> locator,
    List<String> permissions,
    boolean reversible,
    boolean optIn,
    boolean needsCredentialId,
    String caveat,
    Function<Planning, RemediationPlan> planner) {

  public ActionSpec {
    kinds = Set.copyOf(kinds);
    permissions = List.copyOf(permissions);
  }

  /** An action of that id and cloud, whose plans carry a locator of that type. */
  static ActionSpec of(
      String id,
      Cloud cloud,
      Class<? extends RemediationLocator> locator,
      CredentialKind kind,
      CredentialKind... more) {
    return new ActionSpec(
        id,
        cloud,
        EnumSet.of(kind, more),
        locator,
        List.of(),
        false,
        false,
        true,
        "",
        planning -> planning.none("no plan declared for " + id));
  }

  ActionSpec withPermissions(String... names) {
    return new ActionSpec(
        id,
        cloud,
        kinds,
        locator,
        List.of(names),
        reversible,
        optIn,
        needsCredentialId,
        caveat,
        planner);
  }

  ActionSpec asReversible() {
    return new ActionSpec(
        id, cloud, kinds, locator, permissions, true, optIn, needsCredentialId, caveat, planner);
  }

  ActionSpec asOptIn() {
    return new ActionSpec(
        id,
        cloud,
        kinds,
        locator,
        permissions,
        reversible,
        true,
        needsCredentialId,
        caveat,
        planner);
  }

  ActionSpec withoutCredentialId() {
    return new ActionSpec(
        id, cloud, kinds, locator, permissions, reversible, optIn, false, caveat, planner);
  }

  /** How the action plans its work for one event. */
  ActionSpec planning(Function<Planning, RemediationPlan> how) {
    return new ActionSpec(
        id, cloud, kinds, locator, permissions, reversible, optIn, needsCredentialId, caveat, how);
  }

  ActionSpec withCaveat(String text) {
    return new ActionSpec(
        id,
        cloud,
        kinds,
        locator,
        permissions,
        reversible,
        optIn,
        needsCredentialId,
        text,
        planner);
  }
}
