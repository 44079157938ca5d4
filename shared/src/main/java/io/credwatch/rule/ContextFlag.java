package io.credwatch.rule;

import java.util.Optional;

/**
 * Facts about an event computed in Java (detect.ContextFlags) and named by rules in their
 * conditions and severity modifiers.
 *
 * <p>{@link Effect#EXPLAINS} flags are always reported in the alert's reasons and may only raise a
 * severity: they rest on caller-chosen text (names, user agents), and an intruder chooses names.
 */
public enum ContextFlag {
  SELF_SERVICE("self_service", Effect.ADJUSTS, "the identity added the credential to itself"),
  ROOT_ACTOR("root_actor", Effect.ADJUSTS, "the AWS root user made the call"),
  ROOT_TARGET("root_target", Effect.ADJUSTS, "the credential belongs to the AWS root user"),
  PLATFORM_ACTOR(
      "platform_actor",
      Effect.ADJUSTS,
      "the cloud platform itself made the change (an AWS service, a Microsoft managed-identity"
          + " certificate rollover, a Google service agent)"),
  AUTOMATION_ACTOR(
      "automation_actor",
      Effect.ADJUSTS,
      "a service account or application, not a person, made the call"),
  FIRST_CREDENTIAL(
      "first_credential", Effect.ADJUSTS, "the identity had no credential of this kind before"),
  NEVER_EXPIRES("never_expires", Effect.EXPLAINS, "the credential never expires"),
  EXTERNAL_ISSUER(
      "external_issuer",
      Effect.ADJUSTS,
      "trust is extended to an issuer outside the account (an external certificate authority)"),
  UNRESTRICTED_FEDERATION(
      "unrestricted_federation",
      Effect.ADJUSTS,
      "the provider has no attribute condition: every identity of the external issuer can get"
          + " credentials"),
  REPOINTED(
      "repointed",
      Effect.ADJUSTS,
      "an existing federated credential now trusts a different issuer or subject"),
  FAILED_CALL("failed_call", Effect.ADJUSTS, "the call failed: nothing was created"),
  PASSWORD_RESET_REQUIRED(
      "password_reset_required",
      Effect.ADJUSTS,
      "the password must be changed at first sign-in (helpdesk pattern; it does not stop an intruder"
          + " who set it)"),
  CROSS_ACCOUNT(
      "cross_account",
      Effect.ADJUSTS,
      "the caller belongs to a different account than the one changed"),
  SERIAL_CONSOLE("serial_console", Effect.ADJUSTS, "the key opens the instance's serial console"),
  PROJECT_WIDE(
      "project_wide",
      Effect.ADJUSTS,
      "project-wide metadata: every instance that does not block project keys trusts the key"),
  VIA_PROXY(
      "via_proxy",
      Effect.ADJUSTS,
      "created indirectly by a service acting for the caller (for example Deployment Manager)"),
  DISABLED_ON_CREATION("disabled_on_creation", Effect.ADJUSTS, "it was created disabled"),
  UPLOADED_KEY(
      "uploaded_key",
      Effect.ADJUSTS,
      "the caller uploaded its own public key: the private key never passed through the cloud"),
  UNKNOWN_CREDENTIAL_ID(
      "unknown_credential_id",
      Effect.EXPLAINS,
      "the record does not name the new credential, so it cannot be disabled automatically"),
  AUTHORIZATION_NOT_RECORDED(
      "authorization_not_recorded",
      Effect.EXPLAINS,
      "the record carries no authorization decision"),
  ATTACK_TOOL_USER_AGENT(
      "attack_tool_user_agent",
      Effect.EXPLAINS,
      "the user agent is that of a known attack or attack-simulation tool"),
  PRIVILEGED_NAME_HINT(
      "privileged_name_hint",
      Effect.EXPLAINS,
      "the target's name marks an identity that should never get extra credentials (BedrockAPIKey-"
          + " users back Bedrock API keys)"),
  SERVICE_NAME_HINT(
      "service_name_hint",
      Effect.EXPLAINS,
      "the target's name looks like a service identity; names are chosen by their creator, so this"
          + " does not lower the severity"),
  IAC_CLIENT(
      "iac_client",
      Effect.EXPLAINS,
      "the call claims to come from infrastructure as code (CloudFormation, Terraform, Pulumi);"
          + " that is caller-controlled and does not lower the severity"),
  CONSOLE_SESSION("console_session", Effect.EXPLAINS, "made from a console session"),
  VM_ACCESS_EXTENSION_NAME(
      "vm_access_extension_name",
      Effect.EXPLAINS,
      "the extension name is one VMAccess uses to reset SSH keys and passwords");

  /** How a flag may influence severity. */
  public enum Effect {
    /** Computed from facts the caller cannot choose; rules may raise, lower or set on it. */
    ADJUSTS,
    /** Rests on caller-chosen text or is informative: always explained, may only raise. */
    EXPLAINS
  }

  private final String id;
  private final Effect effect;
  private final String explanation;

  ContextFlag(String id, Effect effect, String explanation) {
    this.id = id;
    this.effect = effect;
    this.explanation = explanation;
  }

  /** The snake_case name rules use. */
  public String id() {
    return id;
  }

  public Effect effect() {
    return effect;
  }

  /** Why the flag matters, phrased to complete "severity changed because ...". */
  public String explanation() {
    return explanation;
  }

  public static Optional<ContextFlag> fromId(String text) {
    for (ContextFlag flag : values()) {
      if (flag.id.equals(text)) {
        return Optional.of(flag);
      }
    }
    return Optional.empty();
  }
}
