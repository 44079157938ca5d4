package io.credwatch.use;

import java.time.Instant;
import java.util.Optional;

/**
 * One use of a credential, as an audit log recorded it.
 *
 * @param credentialId what was used, as {@link Followed#key} names it: an access key id, a service
 *     account or HMAC key id, an Entra key id, {@code console:ACCOUNT:USER} for a console sign-in,
 *     {@code key-pair:ACCOUNT:REGION:NAME} for an instance launched with an EC2 key pair
 * @param time when, if the record says
 * @param sourceIp the caller's IP or service name (caller-controlled), or ""
 * @param userAgent the caller's user agent (caller-controlled), or ""
 * @param service the service called ("sts.amazonaws.com", "Entra ID sign-in")
 * @param operation the operation called, or what was signed in to
 * @param result "success", or the error code
 * @param location where a sign-in came from (Entra), or ""
 * @param mintedKeyId the temporary access key a session call returned (AssumeRole, GetSessionToken,
 *     GetFederationToken), whose uses are uses of this credential too; or ""
 */
public record CredentialUse(
    String credentialId,
    Optional<Instant> time,
    String sourceIp,
    String userAgent,
    String service,
    String operation,
    String result,
    String location,
    String mintedKeyId) {

  public boolean succeeded() {
    return result.equals("success");
  }
}
