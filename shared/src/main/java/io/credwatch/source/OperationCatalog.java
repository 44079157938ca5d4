package io.credwatch.source;

import static io.credwatch.event.CredentialKind.ACCESS_KEY;
import static io.credwatch.event.CredentialKind.API_KEY;
import static io.credwatch.event.CredentialKind.APPLICATION;
import static io.credwatch.event.CredentialKind.APP_PASSWORD;
import static io.credwatch.event.CredentialKind.APP_ROLE_ASSIGNMENT;
import static io.credwatch.event.CredentialKind.CERTIFICATE;
import static io.credwatch.event.CredentialKind.CLIENT_SECRET;
import static io.credwatch.event.CredentialKind.EC2_KEY_PAIR;
import static io.credwatch.event.CredentialKind.FEDERATED_CREDENTIAL;
import static io.credwatch.event.CredentialKind.FEDERATION_TOKEN;
import static io.credwatch.event.CredentialKind.HMAC_KEY;
import static io.credwatch.event.CredentialKind.IAM_SSH_KEY;
import static io.credwatch.event.CredentialKind.IDENTITY_PROVIDER;
import static io.credwatch.event.CredentialKind.INSTANCE_SSH_KEY;
import static io.credwatch.event.CredentialKind.LOGIN_PROFILE;
import static io.credwatch.event.CredentialKind.METADATA_SSH_KEY;
import static io.credwatch.event.CredentialKind.OS_LOGIN_SSH_KEY;
import static io.credwatch.event.CredentialKind.OWNER;
import static io.credwatch.event.CredentialKind.SERVICE_ACCOUNT_KEY;
import static io.credwatch.event.CredentialKind.SERVICE_SPECIFIC_CREDENTIAL;
import static io.credwatch.event.CredentialKind.SIGNING_CERTIFICATE;
import static io.credwatch.event.CredentialKind.SSH_PUBLIC_KEY;
import static io.credwatch.event.CredentialKind.TEMPORARY_ACCESS_PASS;
import static io.credwatch.event.CredentialKind.TRUST_ANCHOR;
import static io.credwatch.event.CredentialKind.VM_ACCESS;
import static io.credwatch.event.CredentialKind.WORKLOAD_IDENTITY_PROVIDER;

import io.credwatch.event.Cloud;
import io.credwatch.event.CredentialKind;
import io.credwatch.event.Operation;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Every native operation that adds a credential, with the credential kinds it yields: the Java half
 * of "which fields to read" (catalogue §3). Records of any other operation are ignored before a
 * tree is built, and rules may only name operations listed here.
 *
 * <p>Names are canonical: AWS {@code eventSource:eventName} as CloudTrail logs them; Entra {@code
 * entra:<activity>} with Microsoft's en dash; Azure Resource Manager {@code arm:<operation>} in
 * Microsoft's casing; GCP {@code service:method} with the API version removed (so {@code
 * google.iam.admin.v1.CreateServiceAccountKey} is {@code
 * iam.googleapis.com:CreateServiceAccountKey}).
 */
public final class OperationCatalog {
  /** Service name of Entra audit operations. */
  public static final String ENTRA = "entra";

  /** Service name of Azure Resource Manager operations. */
  public static final String ARM = "arm";

  private static final Map<String, Map<String, Set<CredentialKind>>> AWS = new LinkedHashMap<>();
  private static final Map<String, Entry> ENTRA_BY_KEY = new LinkedHashMap<>();
  private static final Map<String, Entry> ARM_BY_KEY = new LinkedHashMap<>();
  private static final Map<String, Entry> GCP_BY_METHOD = new LinkedHashMap<>();
  private static final Map<String, CredentialKind> GCP_PROXY_PERMISSIONS =
      Map.of(
          "iam.serviceAccountKeys.create", SERVICE_ACCOUNT_KEY,
          "storage.hmacKeys.create", HMAC_KEY,
          "serviceusage.apiKeys.create", API_KEY,
          "apikeys.keys.create", API_KEY,
          "iam.workloadIdentityPoolProviders.create", WORKLOAD_IDENTITY_PROVIDER);

  // Classifications memoised by the identity of the value read from the stream (interned by the
  // reader's value cache): every record of a stream asks, and a few dozen values repeat.
  private static final IdentityMemo<Optional<Entry>> ENTRA_BY_NAME =
      new IdentityMemo<>(256, OperationCatalog::entraOperationUncached);
  private static final IdentityMemo<Optional<Entry>> ARM_BY_NAME =
      new IdentityMemo<>(
          256, name -> Optional.ofNullable(ARM_BY_KEY.get(name.trim().toLowerCase(Locale.ROOT))));
  private static final IdentityMemo<@Nullable Entry> GCP_BY_RAW_METHOD =
      new IdentityMemo<>(256, method -> GCP_BY_METHOD.get(gcpShortMethod(method)));

  static {
    aws("iam.amazonaws.com", "CreateAccessKey", ACCESS_KEY);
    aws("iam.amazonaws.com", "CreateLoginProfile", LOGIN_PROFILE);
    aws("iam.amazonaws.com", "UpdateLoginProfile", LOGIN_PROFILE);
    aws("iam.amazonaws.com", "UploadSSHPublicKey", IAM_SSH_KEY);
    aws("iam.amazonaws.com", "UploadSigningCertificate", SIGNING_CERTIFICATE);
    aws("iam.amazonaws.com", "CreateServiceSpecificCredential", SERVICE_SPECIFIC_CREDENTIAL);
    aws("iam.amazonaws.com", "CreateOpenIDConnectProvider", IDENTITY_PROVIDER);
    aws("iam.amazonaws.com", "UpdateOpenIDConnectProviderThumbprint", IDENTITY_PROVIDER);
    aws("iam.amazonaws.com", "AddClientIDToOpenIDConnectProvider", IDENTITY_PROVIDER);
    aws("iam.amazonaws.com", "CreateSAMLProvider", IDENTITY_PROVIDER);
    aws("iam.amazonaws.com", "UpdateSAMLProvider", IDENTITY_PROVIDER);
    aws("ec2.amazonaws.com", "CreateKeyPair", EC2_KEY_PAIR);
    aws("ec2.amazonaws.com", "ImportKeyPair", EC2_KEY_PAIR);
    aws("ec2-instance-connect.amazonaws.com", "SendSSHPublicKey", INSTANCE_SSH_KEY);
    aws("ec2-instance-connect.amazonaws.com", "SendSerialConsoleSSHPublicKey", INSTANCE_SSH_KEY);
    aws("lightsail.amazonaws.com", "CreateKeyPair", EC2_KEY_PAIR);
    aws("lightsail.amazonaws.com", "ImportKeyPair", EC2_KEY_PAIR);
    aws("lightsail.amazonaws.com", "DownloadDefaultKeyPair", EC2_KEY_PAIR);
    aws("lightsail.amazonaws.com", "GetInstanceAccessDetails", INSTANCE_SSH_KEY);
    aws("sts.amazonaws.com", "GetFederationToken", FEDERATION_TOKEN);
    aws("rolesanywhere.amazonaws.com", "CreateTrustAnchor", TRUST_ANCHOR);
    aws("rolesanywhere.amazonaws.com", "UpdateTrustAnchor", TRUST_ANCHOR);
    // Created disabled (low), enabled later: the enabling is the moment trust begins.
    aws("rolesanywhere.amazonaws.com", "EnableTrustAnchor", TRUST_ANCHOR);

    entra("Add service principal credentials", CLIENT_SECRET, CERTIFICATE);
    entra("Update application – Certificates and secrets management", CLIENT_SECRET, CERTIFICATE);
    entra("Add service principal", CLIENT_SECRET, CERTIFICATE);
    entra("Add application", CLIENT_SECRET, CERTIFICATE, APPLICATION);
    entra("Update service principal", CLIENT_SECRET, CERTIFICATE);
    entra("Add app role assignment to service principal", APP_ROLE_ASSIGNMENT);
    entra("Create application password for user", APP_PASSWORD);
    entra("Update application password for user", APP_PASSWORD);
    entra("Delete application password for user", APP_PASSWORD);
    entra("Update application", FEDERATED_CREDENTIAL);
    entra("Add owner to application", OWNER);
    entra("Add owner to service principal", OWNER);
    entra("Admin registered security info", TEMPORARY_ACCESS_PASS);

    arm(
        "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write",
        FEDERATED_CREDENTIAL);
    arm("Microsoft.Compute/sshPublicKeys/write", SSH_PUBLIC_KEY);
    arm("Microsoft.Compute/sshPublicKeys/generateKeyPair/action", SSH_PUBLIC_KEY);
    arm("Microsoft.Compute/virtualMachines/extensions/write", VM_ACCESS);
    arm("Microsoft.Compute/virtualMachineScaleSets/extensions/write", VM_ACCESS);

    gcp("iam.googleapis.com", "CreateServiceAccountKey", SERVICE_ACCOUNT_KEY);
    gcp("iam.googleapis.com", "UploadServiceAccountKey", SERVICE_ACCOUNT_KEY);
    gcp(
        "iam.googleapis.com",
        "WorkloadIdentityPools.CreateWorkloadIdentityPoolProvider",
        WORKLOAD_IDENTITY_PROVIDER);
    gcp(
        "iam.googleapis.com",
        "WorkloadIdentityPools.UpdateWorkloadIdentityPoolProvider",
        WORKLOAD_IDENTITY_PROVIDER);
    gcp(
        "iam.googleapis.com",
        "WorkforcePools.CreateWorkforcePoolProvider",
        WORKLOAD_IDENTITY_PROVIDER);
    gcp(
        "iam.googleapis.com",
        "WorkforcePools.UpdateWorkforcePoolProvider",
        WORKLOAD_IDENTITY_PROVIDER);
    gcp("storage.googleapis.com", "storage.hmacKeys.create", HMAC_KEY);
    gcp("apikeys.googleapis.com", "ApiKeys.CreateKey", API_KEY);
    gcp("oslogin.googleapis.com", "OsLoginService.ImportSshPublicKey", OS_LOGIN_SSH_KEY);
    gcp("compute.googleapis.com", "compute.instances.setMetadata", METADATA_SSH_KEY);
    gcp("compute.googleapis.com", "compute.projects.setCommonInstanceMetadata", METADATA_SSH_KEY);
  }

  private OperationCatalog() {}

  private static void aws(String eventSource, String eventName, CredentialKind kind) {
    AWS.computeIfAbsent(eventSource, ignored -> new LinkedHashMap<>())
        .put(eventName, EnumSet.of(kind));
  }

  private static void entra(String activity, CredentialKind first, CredentialKind... more) {
    ENTRA_BY_KEY.put(
        entraKey(activity), new Entry(new Operation(ENTRA, activity), EnumSet.of(first, more)));
  }

  private static void arm(String operation, CredentialKind kind) {
    ARM_BY_KEY.put(
        operation.toLowerCase(Locale.ROOT),
        new Entry(new Operation(ARM, operation), EnumSet.of(kind)));
  }

  private static void gcp(String service, String method, CredentialKind kind) {
    GCP_BY_METHOD.put(method, new Entry(new Operation(service, method), EnumSet.of(kind)));
  }

  /** A catalogued operation and the kinds it yields. */
  public record Entry(Operation operation, Set<CredentialKind> kinds) {
    public Entry {
      kinds = Set.copyOf(kinds);
    }
  }

  /** True when CloudTrail's {@code eventSource}/{@code eventName} add a credential. */
  static boolean isAwsCredentialOperation(String eventSource, String eventName) {
    // trim() returns the same string when there is nothing to trim: free on the firehose.
    Map<String, Set<CredentialKind>> names = AWS.get(eventSource.trim());
    return names != null && names.containsKey(eventName.trim());
  }

  /** The catalogued Entra operation an activity display name stands for, tolerating variants. */
  static Optional<Entry> entraOperation(String activityDisplayName) {
    return Objects.requireNonNull(ENTRA_BY_NAME.get(activityDisplayName));
  }

  private static Optional<Entry> entraOperationUncached(String activityDisplayName) {
    String key = entraKey(activityDisplayName);
    Entry exact = ENTRA_BY_KEY.get(key);
    if (exact != null) {
      return Optional.of(exact);
    }
    // Pipelines differ in the dash and spacing of this one; match the distinctive part (as
    // Sentinel does).
    if (key.contains("certificates and secrets management")) {
      return Optional.ofNullable(
          ENTRA_BY_KEY.get(entraKey("Update application – Certificates and secrets management")));
    }
    return Optional.empty();
  }

  /** The catalogued ARM operation, matched without regard to case (Activity Log upper-cases). */
  static Optional<Entry> armOperation(String operationName) {
    return Objects.requireNonNull(ARM_BY_NAME.get(operationName.trim()));
  }

  /** The catalogued GCP method ({@code methodName} with its API version removed). */
  static Optional<Entry> gcpOperation(String serviceName, String methodName) {
    Entry entry = GCP_BY_RAW_METHOD.get(methodName);
    if (entry == null) {
      return Optional.empty();
    }
    boolean serviceAgrees =
        serviceName.isEmpty() || entry.operation().service().equals(serviceName);
    return serviceAgrees ? Optional.of(entry) : Optional.empty();
  }

  /** The credential kind a granted permission creates when a method acts as a proxy. */
  static Optional<CredentialKind> gcpProxyPermission(String permission) {
    return Optional.ofNullable(GCP_PROXY_PERMISSIONS.get(permission));
  }

  /** True when any of the permissions creates a credential by proxy. */
  static boolean anyGcpProxyPermission(List<String> permissions) {
    for (String permission : permissions) {
      if (GCP_PROXY_PERMISSIONS.containsKey(permission)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code google.iam.admin.v1.CreateServiceAccountKey} → {@code CreateServiceAccountKey}: what
   * follows the last API-version segment ({@code v1}, {@code v2beta1}, {@code alpha}, {@code
   * beta}). A plain scan, not a regular expression: it runs for every GCP record of a firehose.
   */
  static String gcpShortMethod(String methodName) {
    String method = methodName.trim();
    int after = -1;
    int start = 0;
    while (start <= method.length()) {
      int dot = method.indexOf('.', start);
      int end = dot < 0 ? method.length() : dot;
      if (end < method.length() && isApiVersion(method, start, end)) {
        after = end + 1;
      }
      if (dot < 0) {
        break;
      }
      start = dot + 1;
    }
    return after < 0 ? method : method.substring(after);
  }

  private static boolean isApiVersion(String text, int start, int end) {
    int length = end - start;
    if ((length == 5 && text.regionMatches(start, "alpha", 0, 5))
        || (length == 4 && text.regionMatches(start, "beta", 0, 4))) {
      return true;
    }
    if (length < 2 || text.charAt(start) != 'v' || !Character.isDigit(text.charAt(start + 1))) {
      return false;
    }
    int i = start + 1;
    while (i < end && Character.isDigit(text.charAt(i))) {
      i++;
    }
    if (i == end) {
      return true;
    }
    String rest = text.substring(i, end);
    String suffix =
        rest.startsWith("alpha")
            ? rest.substring(5)
            : rest.startsWith("beta") ? rest.substring(4) : null;
    return suffix != null && suffix.chars().allMatch(Character::isDigit);
  }

  /** Lower case, every dash variant as "-", single spaces: how Entra activity names compare. */
  static String entraKey(String activity) {
    // One pass instead of regular expressions: every Entra record of a stream comes through here.
    StringBuilder key = new StringBuilder(activity.length() + 4);
    boolean spaceDue = false;
    for (int i = 0; i < activity.length(); i++) {
      char c = activity.charAt(i);
      boolean dash = c == '-' || (c >= '\u2010' && c <= '\u2015') || c == '\u2212';
      if (dash || isRegexSpace(c)) {
        spaceDue = true;
        if (!dash) {
          continue;
        }
        c = '-';
      }
      if (spaceDue && key.length() > 0) {
        key.append(' ');
      }
      spaceDue = dash;
      key.append(c);
    }
    return key.toString().toLowerCase(Locale.ROOT);
  }

  /** The characters of the {@code \\s} class of java.util.regex. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  /**
   * The credential kinds an operation yields for rule validation; empty when the operation is not
   * catalogued for that cloud.
   */
  public static Set<CredentialKind> kinds(Cloud cloud, Operation operation) {
    Optional<Entry> entry =
        switch (cloud) {
          case AWS ->
              Optional.ofNullable(AWS.get(operation.service()))
                  .map(names -> names.get(operation.name()))
                  .map(kinds -> new Entry(operation, kinds));
          case AZURE ->
              operation.service().equals(ENTRA)
                  ? entraOperation(operation.name())
                  : operation.service().equals(ARM)
                      ? armOperation(operation.name())
                      : Optional.empty();
          case GCP -> Optional.ofNullable(GCP_BY_METHOD.get(operation.name()));
        };
    return entry.filter(e -> e.operation().equals(operation)).map(Entry::kinds).orElse(Set.of());
  }

  /** Every catalogued operation of a cloud, for documentation and tests. */
  public static List<Operation> operations(Cloud cloud) {
    return switch (cloud) {
      case AWS ->
          AWS.entrySet().stream()
              .flatMap(s -> s.getValue().keySet().stream().map(n -> new Operation(s.getKey(), n)))
              .toList();
      case AZURE ->
          java.util.stream.Stream.concat(
                  ENTRA_BY_KEY.values().stream(), ARM_BY_KEY.values().stream())
              .map(Entry::operation)
              .toList();
      case GCP -> GCP_BY_METHOD.values().stream().map(Entry::operation).toList();
    };
  }

  /** The permissions whose grant inside another method creates a credential by proxy. */
  public static Set<String> gcpProxyPermissions() {
    return GCP_PROXY_PERMISSIONS.keySet();
  }
}
