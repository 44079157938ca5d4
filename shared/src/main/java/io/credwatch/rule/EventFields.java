package io.credwatch.rule;

import io.credwatch.event.CredentialEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The normalized fields a rule may name, and how to read them. A field the event does not carry
 * reads as "". {@code attributes.<name>} and {@code credential.details.<name>} reach the open-ended
 * maps.
 */
public final class EventFields {
  private static final String ATTRIBUTES = "attributes.";
  private static final String DETAILS = "credential.details.";
  private static final Map<String, Function<CredentialEvent, String>> FIELDS =
      new LinkedHashMap<>();

  static {
    FIELDS.put("cloud", e -> e.cloud().id());
    FIELDS.put("source", e -> e.source().id());
    FIELDS.put("eventId", CredentialEvent::eventId);
    FIELDS.put("correlationId", CredentialEvent::correlationId);
    FIELDS.put("account", CredentialEvent::account);
    FIELDS.put("region", CredentialEvent::region);
    FIELDS.put("operation", e -> e.operation().qualified());
    FIELDS.put("operation.service", e -> e.operation().service());
    FIELDS.put("operation.name", e -> e.operation().name());
    FIELDS.put("outcome.success", e -> Boolean.toString(e.outcome().success()));
    FIELDS.put("outcome.errorCode", e -> e.outcome().errorCode());
    FIELDS.put("actor.kind", e -> e.actor().kind().id());
    FIELDS.put("actor.id", e -> e.actor().id());
    FIELDS.put("actor.name", e -> e.actor().name());
    FIELDS.put("actor.principal", e -> e.actor().principal());
    FIELDS.put("actor.account", e -> e.actor().account());
    FIELDS.put("actor.sessionIssuer", e -> e.actor().sessionIssuer());
    FIELDS.put("actor.sourceIp", e -> e.actor().sourceIp());
    FIELDS.put("actor.userAgent", e -> e.actor().userAgent());
    FIELDS.put("actor.credentialUsed", e -> e.actor().credentialUsed());
    FIELDS.put("target.kind", e -> e.target().kind().id());
    FIELDS.put("target.id", e -> e.target().id());
    FIELDS.put("target.name", e -> e.target().name());
    FIELDS.put("target.account", e -> e.target().account());
    FIELDS.put("credential.kind", e -> e.credential().kind().id());
    FIELDS.put("credential.id", e -> e.credential().id());
    FIELDS.put("credential.displayName", e -> e.credential().displayName());
    FIELDS.put("credential.issuer", e -> e.credential().issuer());
  }

  private EventFields() {}

  /** True when rules may name this field. */
  public static boolean isKnown(String path) {
    return FIELDS.containsKey(path)
        || (path.startsWith(ATTRIBUTES) && path.length() > ATTRIBUTES.length())
        || (path.startsWith(DETAILS) && path.length() > DETAILS.length());
  }

  /** The field's value, or "". */
  public static String value(CredentialEvent event, String path) {
    Function<CredentialEvent, String> field = FIELDS.get(path);
    if (field != null) {
      return field.apply(event);
    }
    if (path.startsWith(ATTRIBUTES)) {
      return event.attribute(path.substring(ATTRIBUTES.length()));
    }
    if (path.startsWith(DETAILS)) {
      return event.credential().details().getOrDefault(path.substring(DETAILS.length()), "");
    }
    return "";
  }

  /** The fixed field names, for documentation and error messages. */
  public static Set<String> fixedNames() {
    return FIELDS.keySet();
  }
}
