package io.credwatch.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.http.BearerRest;
import io.credwatch.json.JsonLimits;
import io.credwatch.respond.ActionLedger;
import io.credwatch.respond.BreakerSlots;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * The action ledger in a Firestore (Native mode) database, over its REST API with the function's
 * token: documents of the collection {@value #COLLECTION}, with a TTL policy on {@code expires}
 * (infra/gcp). An alert's entry is {@code alert-<id>}; the circuit breaker's slots are documents
 * created only if absent ({@link BreakerSlots}).
 */
final class FirestoreActionLedger implements ActionLedger {
  static final String COLLECTION = "credwatch-state";

  private final BearerRest firestore;
  private final String documents;
  private final int maxPerWindow;

  /**
   * @param database {@code projects/PROJECT/databases/DATABASE}
   */
  FirestoreActionLedger(BearerRest firestore, String database, int maxPerWindow) {
    this.firestore = firestore;
    this.documents = "/v1/" + database + "/documents/" + COLLECTION;
    this.maxPerWindow = maxPerWindow;
  }

  private URI document(String id) {
    return firestore.uri(documents + "/" + BearerRest.segment(id));
  }

  @Override
  public Optional<Entry> previous(String alertId) {
    Optional<JsonNode> found;
    try {
      found = firestore.getIfExists(document("alert-" + alertId));
    } catch (BearerRest.CallFailed failed) {
      throw new IllegalStateException("Firestore: " + failed.getMessage(), failed);
    }
    if (found.isEmpty() || !found.get().path("fields").has("outcome")) {
      return Optional.empty();
    }
    JsonNode fields = found.get().path("fields");
    return Optional.of(
        new Entry(
            fields.path("outcome").path("stringValue").asText(),
            Instant.parse(fields.path("at").path("timestampValue").asText()),
            fields.path("alertSent").path("booleanValue").asBoolean(false)));
  }

  @Override
  public void record(String alertId, Entry entry) {
    ObjectNode fields = JsonLimits.defaultMapper().createObjectNode();
    fields.putObject("outcome").put("stringValue", entry.outcome());
    fields.putObject("at").put("timestampValue", entry.at().toString());
    fields.putObject("alertSent").put("booleanValue", entry.alertSent());
    fields.putObject("expires").put("timestampValue", entry.at().plus(RETENTION).toString());
    ObjectNode body = JsonLimits.defaultMapper().createObjectNode();
    body.set("fields", fields);
    try {
      firestore.patch(document("alert-" + alertId), body.toString());
    } catch (BearerRest.CallFailed failed) {
      throw new IllegalStateException("Firestore: " + failed.getMessage(), failed);
    }
  }

  @Override
  public Budget take(Instant now) {
    try {
      return BreakerSlots.take(slots, now, maxPerWindow).budget();
    } catch (BearerRest.CallFailed failed) {
      throw new IllegalStateException("Firestore: " + failed.getMessage(), failed);
    }
  }

  private final BreakerSlots.Store<BearerRest.CallFailed> slots =
      new BreakerSlots.Store<>() {
        @Override
        public boolean exists(String id) throws BearerRest.CallFailed {
          return firestore.getIfExists(document(id)).isPresent();
        }

        @Override
        public boolean createIfAbsent(String id, Instant expires) throws BearerRest.CallFailed {
          return create(id, expires);
        }
      };

  /** Creates a document only if it does not exist: false when another invocation holds it. */
  private boolean create(String id, Instant expires) throws BearerRest.CallFailed {
    try {
      firestore.post(
          firestore.uri(documents + "?documentId=" + BearerRest.segment(id)),
          "{\"fields\":{\"expires\":{\"timestampValue\":\"" + expires + "\"}}}");
      return true;
    } catch (BearerRest.CallFailed failed) {
      if (failed.status == 409) {
        return false;
      }
      throw failed;
    }
  }

  @Override
  public String limit() {
    return ActionLedger.hourly(maxPerWindow);
  }
}
