package io.credwatch.respond;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Several remediators behind one port, each running the actions it names. */
public final class CompositeRemediator implements Remediator {
  private final Map<String, Remediator> byAction = new LinkedHashMap<>();

  public CompositeRemediator(List<Remediator> remediators) {
    for (Remediator remediator : remediators) {
      for (String action : remediator.actions()) {
        Remediator previous = byAction.putIfAbsent(action, remediator);
        if (previous != null) {
          throw new IllegalArgumentException("two remediators run " + action);
        }
      }
    }
  }

  @Override
  public Set<String> actions() {
    return byAction.keySet();
  }

  @Override
  public Outcome apply(RemediationPlan.Act plan, RemediationMode mode) {
    Remediator remediator = byAction.get(plan.action().name());
    if (remediator == null) {
      return new Outcome.Skipped("no remediator for " + plan.action().name() + " is deployed here");
    }
    return remediator.apply(plan, mode);
  }
}
