package io.credwatch.respond;

import io.credwatch.event.Cloud;
import io.credwatch.event.CredentialKind;
import java.util.List;
import java.util.Set;

/**
 * A remediation, declared once as a constant of its cloud's enum ({@link AwsAction}, {@link
 * AzureAction}, {@link GcpAction}): what it handles, exactly which cloud permissions it needs (the
 * templates grant these and nothing more, and their tests read them from here), and how it plans
 * its work for an event. Each cloud's remediator switches over its enum, so the compiler checks
 * that every action is handled.
 */
public sealed interface RemediationAction permits AwsAction, AzureAction, GcpAction {

  /** The declaration. */
  ActionSpec spec();

  /** The plan for an event: the typed locator, what will be done and its undo; or why not. */
  default RemediationPlan plan(Planning planning) {
    return spec().planner().apply(planning);
  }

  /** The id rules name, for example {@code aws.iam.deactivate-access-key}. */
  default String id() {
    return spec().id();
  }

  default Cloud cloud() {
    return spec().cloud();
  }

  /** The credential kinds it handles. */
  default Set<CredentialKind> kinds() {
    return spec().kinds();
  }

  /**
   * The cloud permissions it uses: IAM actions, Graph permissions, ARM actions, GCP permissions.
   */
  default List<String> permissions() {
    return spec().permissions();
  }

  /** True when the undo restores the credential as it was. */
  default boolean reversible() {
    return spec().reversible();
  }

  /**
   * True when it runs only where a rule is explicitly switched to enforce: owner removal, SSH key
   * resources, VM extensions and GCP API keys.
   */
  default boolean optIn() {
    return spec().optIn();
  }

  /** What disabling does not undo, or "". */
  default String caveat() {
    return spec().caveat();
  }

  /** The type of the locator in this action's plans. */
  default Class<? extends RemediationLocator> locatorType() {
    return spec().locator();
  }
}
