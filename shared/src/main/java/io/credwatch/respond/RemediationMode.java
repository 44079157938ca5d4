package io.credwatch.respond;

import java.util.Locale;
import java.util.Optional;

/** How far CredWatch may go (architecture §6): {@code dry-run} is the default. */
public enum RemediationMode {
  /** Never touch anything; alerts say so. */
  OFF("off"),
  /** Verify read-only and report what would be done. */
  DRY_RUN("dry-run"),
  /** Disable or remove the exact credential, then read the result back. */
  ENFORCE("enforce");

  private final String id;

  RemediationMode(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<RemediationMode> fromId(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (RemediationMode mode : values()) {
      if (mode.id.equals(wanted)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}
