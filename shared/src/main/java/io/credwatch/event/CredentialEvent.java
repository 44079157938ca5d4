package io.credwatch.event;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One credential operation, normalized from any cloud (architecture §4).
 *
 * @param cloud which cloud
 * @param source which audit source
 * @param eventId the record's own id (CloudTrail eventID, Entra record id, Event Grid id, insertId)
 * @param correlationId the id shared by related records: GCP long-running operation id, Entra or
 *     ARM correlation id; "" when none
 * @param eventTime when the call happened
 * @param account AWS account, Entra tenant / Azure subscription, GCP project
 * @param region the region, or "" for global services
 * @param operation the API call
 * @param outcome success or the error
 * @param actor the caller
 * @param target who or what got the credential
 * @param credential the new credential
 * @param attributes further facts the rules and context flags use (for example {@code
 *     passwordResetRequired=true}); values are text, booleans are "true"/"false"
 * @param location where the native record was found
 */
public record CredentialEvent(
    Cloud cloud,
    Source source,
    String eventId,
    String correlationId,
    Optional<Instant> eventTime,
    String account,
    String region,
    Operation operation,
    CallOutcome outcome,
    Actor actor,
    Target target,
    Credential credential,
    Map<String, String> attributes,
    RecordLocation location) {

  public CredentialEvent {
    // Sorted and unmodifiable: output must not depend on hash order.
    attributes = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(attributes));
  }

  /**
   * The attribute naming the fields the reader set aside as unreadable (wrongly typed), when it
   * read the record without them: the alert says so, and such a record is never acted on.
   */
  public static final String DEGRADED_INPUT = "degradedInput";

  /** The same event, noting fields of its record that were set aside as unreadable. */
  public CredentialEvent withDegradedInput(String what) {
    java.util.Map<String, String> noted = new java.util.TreeMap<>(attributes);
    noted.put(DEGRADED_INPUT, what);
    return new CredentialEvent(
        cloud,
        source,
        eventId,
        correlationId,
        eventTime,
        account,
        region,
        operation,
        outcome,
        actor,
        target,
        credential,
        noted,
        location);
  }

  /** The attribute, or "" when absent. */
  public String attribute(String name) {
    return attributes.getOrDefault(name, "");
  }

  /** A builder: most fields are optional and default to "" or unknown. */
  public static Builder builder(Source source, RecordLocation location) {
    return new Builder(source, location);
  }

  /** True when the attribute is present with the text {@code true}. */
  public boolean flagAttribute(String name) {
    return "true".equals(attributes.get(name));
  }

  /** Builds a {@link CredentialEvent}; every text defaults to "", every party to unknown. */
  public static final class Builder {
    private final Source source;
    private final RecordLocation location;
    private String eventId = "";
    private String correlationId = "";
    private Optional<Instant> eventTime = Optional.empty();
    private String account = "";
    private String region = "";
    private Operation operation = new Operation("", "");
    private CallOutcome outcome = CallOutcome.succeeded();
    private Actor actor = Actor.unknown();
    private Target target = Target.unknown();
    private Credential credential = Credential.of(CredentialKind.ACCESS_KEY, "");
    private final Map<String, String> attributes = new java.util.LinkedHashMap<>();

    private Builder(Source source, RecordLocation location) {
      this.source = source;
      this.location = location;
    }

    public Builder eventId(String value) {
      eventId = value;
      return this;
    }

    public Builder correlationId(String value) {
      correlationId = value;
      return this;
    }

    public Builder eventTime(Optional<Instant> value) {
      eventTime = value;
      return this;
    }

    public Builder account(String value) {
      account = value;
      return this;
    }

    public Builder region(String value) {
      region = value;
      return this;
    }

    public Builder operation(Operation value) {
      operation = value;
      return this;
    }

    public Builder outcome(CallOutcome value) {
      outcome = value;
      return this;
    }

    public Builder actor(Actor value) {
      actor = value;
      return this;
    }

    public Builder target(Target value) {
      target = value;
      return this;
    }

    public Builder credential(Credential value) {
      credential = value;
      return this;
    }

    /** Records an attribute; empty values are left out so that "absent" has one spelling. */
    public Builder attribute(String name, String value) {
      if (!value.isEmpty()) {
        attributes.put(name, value);
      }
      return this;
    }

    public Builder attribute(String name, boolean value) {
      attributes.put(name, Boolean.toString(value));
      return this;
    }

    public CredentialEvent build() {
      return new CredentialEvent(
          source.cloud(),
          source,
          eventId,
          correlationId,
          eventTime,
          account,
          region,
          operation,
          outcome,
          actor,
          target,
          credential,
          attributes,
          location);
    }
  }
}
