package io.credwatch.event;

import java.util.Locale;
import java.util.Optional;

/** The three clouds CredWatch watches. */
public enum Cloud {
  AWS("aws"),
  AZURE("azure"),
  GCP("gcp");

  private final String id;

  Cloud(String id) {
    this.id = id;
  }

  /** The lowercase name used in rules, alerts and settings. */
  public String id() {
    return id;
  }

  /** Parses the lowercase name; empty when the text names no cloud. */
  public static Optional<Cloud> fromId(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (Cloud cloud : values()) {
      if (cloud.id.equals(wanted)) {
        return Optional.of(cloud);
      }
    }
    return Optional.empty();
  }
}
