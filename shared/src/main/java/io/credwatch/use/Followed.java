package io.credwatch.use;

import io.credwatch.event.CredentialEvent;
import io.credwatch.event.CredentialKind;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A new credential followed to its first use: the id its uses are recorded under (never a name
 * alone, except where the cloud records nothing else: a console password is used by signing in as
 * its user, an EC2 key pair by launching an instance with its name).
 *
 * @param key the id uses are recorded under, lower case ({@link CredentialUse#credentialId})
 * @param needle the text a record using it must contain
 * @param createdAt when it was added (the credential's own creation time, else the event's)
 * @param creatorIp the IP it was added from, or ""
 * @param creatorPrincipal who added it (an ARN, an email), or ""
 */
public record Followed(
    String key,
    String needle,
    CredentialKind kind,
    Optional<Instant> createdAt,
    String creatorIp,
    String creatorPrincipal) {

  /** The credential an event adds, when its uses can be found in audit logs. */
  public static Optional<Followed> of(CredentialEvent event) {
    if (!event.outcome().success()) {
      return Optional.empty();
    }
    String id = event.credential().id();
    String key;
    String needle;
    switch (event.credential().kind()) {
      case ACCESS_KEY,
          FEDERATION_TOKEN,
          SERVICE_ACCOUNT_KEY,
          HMAC_KEY,
          CLIENT_SECRET,
          CERTIFICATE -> {
        key = id;
        needle = id;
      }
      case LOGIN_PROFILE -> {
        needle = event.target().name();
        key = consoleKey(event.account(), needle);
      }
      case EC2_KEY_PAIR -> {
        needle =
            event.credential().details().getOrDefault("keyName", event.credential().displayName());
        key = keyPairKey(event.account(), event.region(), needle);
      }
      default -> {
        return Optional.empty();
      }
    }
    // A placeholder or missing id would match other credentials' uses.
    if (needle.isBlank() || needle.length() < 4) {
      return Optional.empty();
    }
    return Optional.of(
        new Followed(
            normalize(key),
            needle,
            event.credential().kind(),
            event.credential().createdAt().or(event::eventTime),
            event.actor().sourceIp(),
            withoutMemberPrefix(event.actor().principal())));
  }

  /** The use key of a console sign-in as {@code user} in {@code account}. */
  static String consoleKey(String account, String user) {
    return "console:" + account + ":" + user;
  }

  /** The use key of an instance launched with key pair {@code name}. */
  static String keyPairKey(String account, String region, String name) {
    return "key-pair:" + account + ":" + region + ":" + name;
  }

  /**
   * "user:alice@example.com" (GCP's member form) → "alice@example.com", as audit entries name her.
   */
  private static String withoutMemberPrefix(String principal) {
    for (String prefix : new String[] {"user:", "serviceAccount:"}) {
      if (principal.startsWith(prefix)) {
        return principal.substring(prefix.length());
      }
    }
    return principal;
  }

  static String normalize(String key) {
    return key.trim().toLowerCase(Locale.ROOT);
  }
}
