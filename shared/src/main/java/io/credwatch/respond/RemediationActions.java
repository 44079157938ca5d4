package io.credwatch.respond;

import io.credwatch.event.Cloud;
import io.credwatch.event.CredentialKind;
import io.credwatch.rule.ActionCatalog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every remediation action, by the id rules name: the constants of {@link AwsAction}, {@link
 * AzureAction} and {@link GcpAction}. Rules may name only these.
 */
public final class RemediationActions implements ActionCatalog {
  private static final Map<String, RemediationAction> BY_ID;

  static {
    Map<String, RemediationAction> byId = new LinkedHashMap<>();
    List<RemediationAction> all = new ArrayList<>();
    Collections.addAll(all, AwsAction.values());
    Collections.addAll(all, AzureAction.values());
    Collections.addAll(all, GcpAction.values());
    for (RemediationAction action : all) {
      if (byId.put(action.id(), action) != null) {
        throw new IllegalStateException("two remediation actions have the id " + action.id());
      }
    }
    BY_ID = Collections.unmodifiableMap(byId);
  }

  @Override
  public Optional<Set<CredentialKind>> kindsHandled(String action, Cloud cloud) {
    return find(action).filter(a -> a.cloud() == cloud).map(RemediationAction::kinds);
  }

  public static Optional<RemediationAction> find(String id) {
    return Optional.ofNullable(BY_ID.get(id));
  }

  /** Every action: AWS, then Azure, then GCP, each in declaration order. */
  public static List<RemediationAction> all() {
    return List.copyOf(BY_ID.values());
  }
}
