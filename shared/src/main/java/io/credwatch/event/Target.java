package io.credwatch.event;

/**
 * The identity or resource that received the credential.
 *
 * @param kind what the target is
 * @param id a stable id: object id, resource id, email, user name
 * @param name the name people know it by
 * @param account the account, subscription or project that holds it
 */
public record Target(TargetKind kind, String id, String name, String account) {

  public static Target unknown() {
    return new Target(TargetKind.UNKNOWN, "", "", "");
  }

  public String displayName() {
    if (!name.isEmpty()) {
      return name;
    }
    return id.isEmpty() ? "(unknown target)" : id;
  }
}
