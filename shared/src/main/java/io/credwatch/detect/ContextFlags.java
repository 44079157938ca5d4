package io.credwatch.detect;

import io.credwatch.event.ActorKind;
import io.credwatch.event.Cloud;
import io.credwatch.event.CredentialEvent;
import io.credwatch.event.CredentialKind;
import io.credwatch.event.TargetKind;
import io.credwatch.rule.ContextFlag;
import io.credwatch.source.Arn;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Computes the {@link ContextFlag}s of an event: the named predicates rules build on. */
public final class ContextFlags {
  /** Google-managed service agents: the gcp-sa-* domains belong to Google, not to customers. */
  private static final Pattern GOOGLE_SERVICE_AGENT =
      Pattern.compile("service-\\d+@gcp-sa-[a-z0-9-]+\\.iam\\.gserviceaccount\\.com");

  /** Attack and attack-simulation tools, as whole words of the user agent. */
  private static final Pattern ATTACK_TOOLS =
      Pattern.compile(
          "(^|[^a-z0-9])(stratus-red-team|grimoire|s3 browser|pacu|cloudgoat|kali)([^a-z0-9]|$)");

  private static final List<String> IAC_CLIENTS =
      List.of(
          "terraform",
          "pulumi",
          "cloudformation",
          "ansible",
          "crossplane",
          "aws-cdk",
          "deployment-manager");
  private static final Pattern SERVICE_NAME =
      Pattern.compile(
          "(^|[-_.@])(svc|service|bot|ci|cd|deploy|deployer|automation|terraform|jenkins|github|pipeline)([-_.@0-9]|$)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern IDENTITY_CENTER_PROVIDER =
      Pattern.compile("AWSSSO_[0-9a-fA-F]+_DO_NOT_DELETE");
  private static final Pattern IDENTITY_CENTER_ROLE =
      Pattern.compile(
          "arn:aws[a-z-]*:iam::\\d{12}:role/aws-service-role/sso\\.amazonaws\\.com/AWSServiceRoleForSSO");
  private static final Set<CredentialKind> KINDS_WITHOUT_ID =
      EnumSet.of(CredentialKind.LOGIN_PROFILE, CredentialKind.METADATA_SSH_KEY);

  private ContextFlags() {}

  public static Set<ContextFlag> compute(CredentialEvent event) {
    Set<ContextFlag> flags = EnumSet.noneOf(ContextFlag.class);
    ActorKind actor = event.actor().kind();
    if (!event.outcome().success()) {
      flags.add(ContextFlag.FAILED_CALL);
    }
    if (isSelfService(event)) {
      flags.add(ContextFlag.SELF_SERVICE);
    }
    if (actor == ActorKind.ROOT) {
      flags.add(ContextFlag.ROOT_ACTOR);
    }
    if (event.target().kind() == TargetKind.ROOT_USER) {
      flags.add(ContextFlag.ROOT_TARGET);
    }
    boolean platform = isPlatformActor(event);
    if (platform) {
      flags.add(ContextFlag.PLATFORM_ACTOR);
    } else if (actor == ActorKind.SERVICE_ACCOUNT
        || actor == ActorKind.APPLICATION
        || actor == ActorKind.MANAGED_IDENTITY) {
      flags.add(ContextFlag.AUTOMATION_ACTOR);
    }
    if (event.attribute("previousKeyCount").equals("0")
        || event.attribute("previousCredentialCount").equals("0")) {
      flags.add(ContextFlag.FIRST_CREDENTIAL);
    }
    addIf(flags, ContextFlag.NEVER_EXPIRES, event.flagAttribute("neverExpires"));
    addIf(
        flags,
        ContextFlag.EXTERNAL_ISSUER,
        event.attribute("sourceType").equals("CERTIFICATE_BUNDLE"));
    addIf(
        flags, ContextFlag.UNRESTRICTED_FEDERATION, event.flagAttribute("attributeConditionEmpty"));
    addIf(flags, ContextFlag.REPOINTED, event.flagAttribute("repointed"));
    addIf(flags, ContextFlag.PASSWORD_RESET_REQUIRED, event.flagAttribute("passwordResetRequired"));
    addIf(flags, ContextFlag.CROSS_ACCOUNT, isCrossAccount(event));
    addIf(flags, ContextFlag.SERIAL_CONSOLE, event.flagAttribute("serialConsole"));
    addIf(flags, ContextFlag.PROJECT_WIDE, event.attribute("metadataScope").equals("project"));
    addIf(flags, ContextFlag.VIA_PROXY, !event.attribute("viaPermission").isEmpty());
    boolean creation = event.operation().name().contains("Create");
    addIf(
        flags,
        ContextFlag.DISABLED_ON_CREATION,
        creation
            && (event.attribute("enabled").equals("false") || event.flagAttribute("disabled")));
    addIf(flags, ContextFlag.UPLOADED_KEY, event.flagAttribute("uploaded"));
    addIf(
        flags,
        ContextFlag.UNKNOWN_CREDENTIAL_ID,
        event.credential().id().isEmpty() && !KINDS_WITHOUT_ID.contains(event.credential().kind()));
    addIf(
        flags,
        ContextFlag.AUTHORIZATION_NOT_RECORDED,
        event.cloud() == Cloud.GCP && event.attribute("authorizationRecorded").equals("false"));
    String userAgent = event.actor().userAgent().toLowerCase(Locale.ROOT);
    addIf(flags, ContextFlag.ATTACK_TOOL_USER_AGENT, ATTACK_TOOLS.matcher(userAgent).find());
    String client =
        (userAgent + " " + event.actor().sourceIp() + " " + event.attribute("invokedBy"))
            .toLowerCase(Locale.ROOT);
    addIf(flags, ContextFlag.IAC_CLIENT, IAC_CLIENTS.stream().anyMatch(client::contains));
    String targetName = event.target().name();
    addIf(
        flags,
        ContextFlag.PRIVILEGED_NAME_HINT,
        targetName.toLowerCase(Locale.ROOT).startsWith("bedrockapikey-"));
    addIf(flags, ContextFlag.SERVICE_NAME_HINT, SERVICE_NAME.matcher(targetName).find());
    addIf(
        flags,
        ContextFlag.CONSOLE_SESSION,
        event.flagAttribute("sessionCredentialFromConsole")
            || event.attribute("invokedBy").equals("signin.amazonaws.com"));
    addIf(
        flags, ContextFlag.VM_ACCESS_EXTENSION_NAME, event.flagAttribute("vmAccessExtensionName"));
    return flags;
  }

  /**
   * True only when the caller provably acted on its own identity: an IAM user on its own user (same
   * name in the same account, and the record's userName agrees with the ARN) or with the user
   * parameter left out; root on root; a Google or Entra principal on itself. Sessions (assumed
   * roles, federated users) are never "self", even when the session is named like the user it
   * changes.
   */
  static boolean isSelfService(CredentialEvent event) {
    ActorKind actor = event.actor().kind();
    TargetKind target = event.target().kind();
    return switch (event.cloud()) {
      case AWS -> {
        if (actor == ActorKind.ROOT) {
          yield target == TargetKind.ROOT_USER;
        }
        if (target != TargetKind.IAM_USER || !event.attribute("actorType").equals("IAMUser")) {
          yield false;
        }
        // Only an IAM user ARN proves who called: the userName member can be missing, reshaped or
        // contradict it, and sessions are never their user.
        Optional<Arn> arn = Arn.parse(event.actor().principal());
        if (arn.isEmpty()
            || !arn.get().service().equals("iam")
            || !arn.get().resourceType().equals("user")) {
          yield false;
        }
        String loggedUserName = event.attribute("actorUserName");
        boolean namesAgree =
            loggedUserName.isEmpty() || loggedUserName.equalsIgnoreCase(arn.get().resourceName());
        boolean sameAccount =
            event.target().account().isEmpty()
                || arn.get().account().equals(event.target().account());
        // IAM user names are unique without regard to case within an account.
        yield namesAgree
            && sameAccount
            && arn.get().resourceName().equalsIgnoreCase(event.target().name());
      }
      case AZURE -> !event.actor().id().isEmpty() && event.actor().id().equals(event.target().id());
      case GCP -> {
        String caller = event.actor().id();
        yield !caller.isEmpty() && caller.equalsIgnoreCase(event.target().id());
      }
    };
  }

  /**
   * The provider's own automation. Decided on facts an intruder cannot choose: the AWS identity
   * type, Google's service-agent domain, and for Entra the full managed-identity rollover pattern
   * (the "Managed Service Identity" initiator alone is a display name and proves nothing).
   */
  static boolean isPlatformActor(CredentialEvent event) {
    return switch (event.cloud()) {
      case AWS ->
          event.actor().kind() == ActorKind.CLOUD_SERVICE || isIdentityCenterSamlProvider(event);
      case GCP ->
          GOOGLE_SERVICE_AGENT.matcher(event.actor().id().toLowerCase(Locale.ROOT)).matches();
      case AZURE -> isManagedIdentityCertificateRollover(event);
    };
  }

  /**
   * IAM Identity Center keeps its own SAML provider ({@code AWSSSO_<id>_DO_NOT_DELETE}) in each
   * account, written by its service-linked role. Only the service can assume that role, so the
   * role, not the name an intruder could copy, is what makes this a platform action.
   */
  private static boolean isIdentityCenterSamlProvider(CredentialEvent event) {
    String provider = event.credential().id();
    String name = provider.substring(provider.lastIndexOf('/') + 1);
    return event.credential().kind() == CredentialKind.IDENTITY_PROVIDER
        && IDENTITY_CENTER_PROVIDER.matcher(name).matches()
        && event.actor().kind() == ActorKind.ASSUMED_ROLE
        && IDENTITY_CENTER_ROLE.matcher(event.actor().sessionIssuer()).matches();
  }

  private static boolean isManagedIdentityCertificateRollover(CredentialEvent event) {
    if (event.actor().kind() != ActorKind.APPLICATION
        || !event.actor().name().equals("Managed Service Identity")
        || event.credential().kind() != CredentialKind.CERTIFICATE
        || event.target().kind() != TargetKind.SERVICE_PRINCIPAL) {
      return false;
    }
    String names = event.attribute("servicePrincipalNames");
    if (!names.contains("https://identity.azure.net/")) {
      return false;
    }
    // Rollover certificates are issued to the identity itself: CN=<its application id>.
    String appId = names.split(";", -1)[0].trim();
    return !appId.isEmpty() && event.credential().displayName().equals("CN=" + appId);
  }

  private static boolean isCrossAccount(CredentialEvent event) {
    if (event.cloud() != Cloud.AWS) {
      return false;
    }
    String caller = event.actor().account();
    return !caller.isEmpty() && !event.account().isEmpty() && !caller.equals(event.account());
  }

  private static void addIf(Set<ContextFlag> flags, ContextFlag flag, boolean condition) {
    if (condition) {
      flags.add(flag);
    }
  }
}
