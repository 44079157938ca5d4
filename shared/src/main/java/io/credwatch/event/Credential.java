package io.credwatch.event;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The new credential.
 *
 * @param kind the credential kind (architecture §4 vocabulary)
 * @param id the exact id of the NEW credential, or "" when the record does not carry one
 * @param displayName a label (key description, key pair name, provider URL); caller-controlled
 * @param createdAt when the cloud says it was created
 * @param expiresAt when it stops working, if it ever does
 * @param issuer for federation, the trusted external issuer
 * @param details further facts, never secret material (fingerprint, algorithm, service name)
 */
public record Credential(
    CredentialKind kind,
    String id,
    String displayName,
    Optional<Instant> createdAt,
    Optional<Instant> expiresAt,
    String issuer,
    Map<String, String> details) {

  public Credential {
    // Sorted and unmodifiable: output must not depend on hash order.
    details = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(details));
  }

  public static Credential of(CredentialKind kind, String id) {
    return new Credential(kind, id, "", Optional.empty(), Optional.empty(), "", Map.of());
  }

  /** A builder for the many optional parts of a credential. */
  public static Builder builder(CredentialKind kind) {
    return new Builder(kind);
  }

  /** Builds a {@link Credential}; empty values are simply left out. */
  public static final class Builder {
    private final CredentialKind kind;
    private String id = "";
    private String displayName = "";
    private Optional<Instant> createdAt = Optional.empty();
    private Optional<Instant> expiresAt = Optional.empty();
    private String issuer = "";
    private final Map<String, String> details = new java.util.LinkedHashMap<>();

    private Builder(CredentialKind kind) {
      this.kind = kind;
    }

    public Builder id(String value) {
      id = value;
      return this;
    }

    public Builder displayName(String value) {
      displayName = value;
      return this;
    }

    public Builder createdAt(Optional<Instant> value) {
      createdAt = value;
      return this;
    }

    public Builder expiresAt(Optional<Instant> value) {
      expiresAt = value;
      return this;
    }

    public Builder issuer(String value) {
      issuer = value;
      return this;
    }

    public Builder detail(String name, String value) {
      if (!value.isEmpty()) {
        details.put(name, value);
      }
      return this;
    }

    public Credential build() {
      return new Credential(kind, id, displayName, createdAt, expiresAt, issuer, details);
    }
  }
}
