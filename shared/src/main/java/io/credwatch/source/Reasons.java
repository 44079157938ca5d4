package io.credwatch.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The wording of verdict reasons: what went wrong, with attacker-written text clipped. */
final class Reasons {
  private static final int MAX_REASON_TEXT = 240;

  private Reasons() {}

  /** At most 240 characters of a record's own text, so a hostile value cannot flood a report. */
  static String clip(@Nullable String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= MAX_REASON_TEXT ? text : text.substring(0, MAX_REASON_TEXT) + "...";
  }

  static String describe(IOException error) {
    if (error instanceof StreamConstraintsException constraint) {
      // Jackson names its own configuration getter ("from `StreamReadConstraints...()`"): that is
      // of no use to whoever reads the report.
      return "input exceeds a safety limit: "
          + clip(constraint.getOriginalMessage().replaceAll(", from `[^`]*`", ""));
    }
    if (error instanceof JsonEOFException) {
      return "unexpected end of input (truncated JSON)";
    }
    if (error instanceof JsonProcessingException json) {
      String where =
          json.getLocation() == null ? "" : " (column " + json.getLocation().getColumnNr() + ")";
      return "invalid JSON" + where + ": " + clip(quotingLittle(json.getOriginalMessage()));
    }
    return "unreadable input: " + clip(quotingLittle(error.getMessage()));
  }

  private static final java.util.regex.Pattern QUOTED =
      java.util.regex.Pattern.compile("'([^']*)'");
  private static final java.util.regex.Pattern KEY_LIKE =
      java.util.regex.Pattern.compile(
          "^(MII|-----BEGIN|ssh-|ecdsa-|AKIA|ASIA|GOOG|AIza|ya29\\.|eyJ)|[A-Za-z0-9+/=_-]{20,}");
  private static final int MAX_QUOTED = 12;

  /**
   * A parser's message with the input tokens it quotes cut to a short prefix, and tokens that look
   * like key material (a PEM or SSH key, an access key id, a long base64 run) not quoted at all: a
   * broken record may be a private key pasted where a log line was expected.
   */
  static String quotingLittle(@Nullable String message) {
    if (message == null) {
      return "";
    }
    java.util.regex.Matcher quoted = QUOTED.matcher(message);
    StringBuilder text = new StringBuilder();
    while (quoted.find()) {
      String token = quoted.group(1);
      String shown;
      if (KEY_LIKE.matcher(token).find()) {
        shown = "'(not shown: it looks like key material)'";
      } else if (token.length() > MAX_QUOTED) {
        shown = "'" + token.substring(0, MAX_QUOTED) + "...'";
      } else {
        shown = "'" + token + "'";
      }
      quoted.appendReplacement(text, java.util.regex.Matcher.quoteReplacement(shown));
    }
    quoted.appendTail(text);
    return text.toString();
  }

  static String describe(JsonToken token) {
    return switch (token) {
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case START_ARRAY -> "an array";
      case START_OBJECT -> "an object";
      default -> token.name().toLowerCase(Locale.ROOT);
    };
  }

  /** The first member names of a record, clipped, with "..." when it has more. */
  static String describeKeys(List<String> keys, int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        text.append(", ");
      }
      text.append(clip(keys.get(i)));
    }
    if (count > keys.size()) {
      text.append(", ...");
    }
    return text.toString();
  }
}
