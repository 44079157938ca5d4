package io.credwatch.respond;

/**
 * Where the credential of a plan is, typed per kind of target: what a cloud's remediator needs to
 * find it, and nothing else. Each action declares its locator type ({@link
 * RemediationAction#locatorType()}), and a plan always carries one of that type. The values come
 * from an event, so remediators still check their form before they build a request from them.
 */
public sealed interface RemediationLocator {

  /** A credential of an IAM user named by its id: access key, SSH key, certificate... */
  record IamCredential(String userName, String credentialId) implements RemediationLocator {}

  /** The console password of an IAM user; {@code update} when the event replaced one. */
  record IamLoginProfile(String userName, boolean update) implements RemediationLocator {}

  /** An EC2 key pair by name in its Region, with its id when the event gives one (or ""). */
  record Ec2KeyPair(String region, String keyName, String keyPairId)
      implements RemediationLocator {}

  /**
   * The time-bounded deny that contains a federation token: an inline policy on the issuing user
   * that denies sessions issued before {@code issuedBefore}.
   */
  record FederationTokenDeny(String userName, String policyArn, String tokenAccessKeyId)
      implements RemediationLocator {}

  /** A Microsoft Graph directory object: {@code applications} or {@code servicePrincipals}. */
  record GraphObject(String collection, String id) {
    /** "application" or "service principal", for people. */
    public String noun() {
      return collection.equals("applications") ? "application" : "service principal";
    }
  }

  /** A password or certificate of an application or service principal, by key id. */
  record GraphKey(GraphObject object, String keyId) implements RemediationLocator {}

  /** A federated identity credential of an application. */
  record GraphFederatedCredential(String applicationObjectId, String credentialId)
      implements RemediationLocator {}

  /** An owner of an application or service principal. */
  record GraphOwner(GraphObject object, String ownerId) implements RemediationLocator {}

  /** An Azure Resource Manager resource by its full id. */
  record ArmResource(String resourceId) implements RemediationLocator {}

  /** A key of a GCP service account. */
  record ServiceAccountKey(String project, String serviceAccount, String keyId)
      implements RemediationLocator {}

  /** A Cloud Storage HMAC key of a project, and the service account the event says holds it. */
  record HmacKey(String project, String accessId, String serviceAccount)
      implements RemediationLocator {}

  /** An OS Login SSH key of a user: its SHA-256 fingerprint, and OS Login's own fingerprint. */
  record OsLoginKey(String user, String sha256Fingerprint, String osLoginFingerprint)
      implements RemediationLocator {}

  /** A workload or workforce identity pool provider by its resource name. */
  record IdentityProvider(String name) implements RemediationLocator {}

  /** An API key by uid, with its resource name when the event gives it (or ""). */
  record ApiKey(String project, String uid, String name) implements RemediationLocator {}
}
