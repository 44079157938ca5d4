package io.credwatch.testing;

import io.credwatch.respond.ActionLedger;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A ledger in memory, without a breaker limit: what the Responder's own logic needs in tests. */
public final class InMemoryActionLedger implements ActionLedger {
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  @Override
  public Optional<Entry> previous(String alertId) {
    return Optional.ofNullable(entries.get(alertId));
  }

  @Override
  public void record(String alertId, Entry entry) {
    entries.put(alertId, entry);
  }

  @Override
  public Budget take(Instant now) {
    return Budget.GRANTED;
  }

  @Override
  public String limit() {
    return "no limit";
  }
}
