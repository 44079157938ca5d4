package io.credwatch.rule;

import io.credwatch.event.Cloud;
import io.credwatch.event.CredentialKind;
import java.util.Optional;
import java.util.Set;

/**
 * The registered remediation actions, as the rule loader sees them: a rule may only name an action
 * registered here, for its cloud, that handles every credential kind the rule matches.
 */
public interface ActionCatalog {

  /** The credential kinds the action handles on that cloud; empty when unknown there. */
  Optional<Set<CredentialKind>> kindsHandled(String action, Cloud cloud);
}
