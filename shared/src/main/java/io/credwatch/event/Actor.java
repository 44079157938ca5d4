package io.credwatch.event;

/**
 * The caller. Every text is "" when the record does not carry it.
 *
 * @param kind what kind of principal called
 * @param id a stable id: AWS principal id, Entra object id, Google principal email
 * @param name a short name: IAM user name, session name, UPN, email, app display name
 * @param principal the full principal: ARN, UPN or email
 * @param account the account (AWS), tenant (Entra) or project the caller belongs to
 * @param sessionIssuer for AWS sessions, the role or user that issued them
 * @param sourceIp where the call came from (may be a service name such as {@code AWS Internal})
 * @param userAgent the caller's user agent (caller-controlled: never trusted)
 * @param credentialUsed which credential made the call (access key id, service account key)
 */
public record Actor(
    ActorKind kind,
    String id,
    String name,
    String principal,
    String account,
    String sessionIssuer,
    String sourceIp,
    String userAgent,
    String credentialUsed) {

  public static Actor unknown() {
    return new Actor(ActorKind.UNKNOWN, "", "", "", "", "", "", "", "");
  }

  /** The most specific name available, for people. */
  public String displayName() {
    if (!principal.isEmpty()) {
      return principal;
    }
    if (!name.isEmpty()) {
      return name;
    }
    return id.isEmpty() ? "(unknown caller)" : id;
  }
}
