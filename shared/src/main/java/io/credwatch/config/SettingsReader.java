package io.credwatch.config;

import io.credwatch.alert.Severity;
import io.credwatch.detect.Suppressions;
import io.credwatch.respond.RemediationMode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads and validates settings from an environment: each method names the variable in the {@link
 * SettingsException} an invalid value raises. Shared by the core's {@link Settings} and each
 * cloud's own settings, so that every variable is validated the same way.
 */
public final class SettingsReader {
  private final Map<String, String> environment;

  public SettingsReader(Map<String, String> environment) {
    this.environment = environment;
  }

  public Optional<String> get(String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  public RemediationMode mode(String name, RemediationMode fallback) {
    return get(name).map(text -> parseMode(name, text)).orElse(fallback);
  }

  private static RemediationMode parseMode(String name, String text) {
    return RemediationMode.fromId(text)
        .orElseThrow(
            () ->
                new SettingsException(
                    name, "'" + text + "' is not a mode (off, dry-run, enforce)"));
  }

  public Map<String, RemediationMode> ruleModes(String name) {
    Map<String, RemediationMode> modes = new LinkedHashMap<>();
    for (String entry : list(name)) {
      int equals = entry.indexOf('=');
      if (equals <= 0) {
        throw new SettingsException(
            name,
            "'"
                + entry
                + "' should be rule_name=mode, for example aws_iam_access_key_created=enforce");
      }
      modes.put(entry.substring(0, equals).trim(), parseMode(name, entry.substring(equals + 1)));
    }
    return modes;
  }

  public Severity severity(String name, Severity fallback) {
    return get(name)
        .map(
            text ->
                Severity.fromId(text)
                    .orElseThrow(
                        () ->
                            new SettingsException(
                                name,
                                "'" + text + "' is not a severity (" + Severity.choices() + ")")))
        .orElse(fallback);
  }

  public io.credwatch.alert.AlertFormat alertFormat(
      String name, io.credwatch.alert.AlertFormat fallback) {
    return get(name)
        .map(
            text ->
                io.credwatch.alert.AlertFormat.fromId(text)
                    .orElseThrow(
                        () ->
                            new SettingsException(
                                name,
                                "'"
                                    + text
                                    + "' is not an alert format ("
                                    + io.credwatch.alert.AlertFormat.choices()
                                    + ")")))
        .orElse(fallback);
  }

  public int integer(String name, int fallback, int min, int max) {
    Optional<String> text = get(name);
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.get());
      if (value < min || value > max) {
        throw new SettingsException(name, value + " is outside " + min + ".." + max);
      }
      return value;
    } catch (NumberFormatException notANumber) {
      throw new SettingsException(name, "'" + text.get() + "' is not a whole number");
    }
  }

  /** {@code true} or {@code false}, any case. */
  public boolean bool(String name, boolean fallback) {
    Optional<String> text = get(name);
    if (text.isEmpty()) {
      return fallback;
    }
    String value = text.get().strip().toLowerCase(java.util.Locale.ROOT);
    if (!value.equals("true") && !value.equals("false")) {
      throw new SettingsException(name, "'" + text.get() + "' is neither true nor false");
    }
    return value.equals("true");
  }

  public List<String> list(String name) {
    List<String> values = new ArrayList<>();
    get(name)
        .ifPresent(
            text -> {
              for (String part : text.split(",", -1)) {
                if (!part.isBlank()) {
                  values.add(part.trim());
                }
              }
            });
    return values;
  }

  public Suppressions suppressions(String name) {
    Optional<String> value = get(name);
    if (value.isEmpty()) {
      return Suppressions.none();
    }
    String json = value.get();
    if (json.startsWith("file:")) {
      Path file = Path.of(json.substring("file:".length()));
      try {
        json = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException unreadable) {
        throw new SettingsException(name, "cannot read " + file + ": " + IoReasons.of(unreadable));
      }
    }
    try {
      return Suppressions.parse(json);
    } catch (IllegalArgumentException invalid) {
      throw new SettingsException(name, String.valueOf(invalid.getMessage()));
    }
  }

  public Optional<String> matching(String name, Pattern pattern, String expected) {
    Optional<String> value = get(name);
    if (value.isPresent() && !pattern.matcher(value.get()).matches()) {
      throw new SettingsException(name, "'" + value.get() + "' is not " + expected);
    }
    return value;
  }

  public URI endpoint(String name, String fallback) {
    String text = get(name).orElse(fallback);
    URI uri = uri(name, text, "a base URL such as " + fallback);
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new SettingsException(name, "a base URL takes no query or fragment");
    }
    String stripped = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    return URI.create(stripped);
  }

  /** Validates a webhook URL without ever repeating it: it carries its own signature. */
  public String webhook(String name, String text) {
    return checkedWebhook(name, text);
  }

  /**
   * A webhook URL, checked wherever it is read (a setting at start-up, a secret store on first
   * use); the error names where it came from, never the value, which carries its own signature.
   */
  public static String checkedWebhook(String name, String text) {
    URI uri = uri(name, text, "an https URL (the value is not shown: it is a secret)");
    boolean loopback = "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost());
    if (!"https".equals(uri.getScheme()) && !(loopback && "http".equals(uri.getScheme()))) {
      throw new SettingsException(
          name, "must be an https URL (the value is not shown: it is a secret)");
    }
    return text;
  }

  private static URI uri(String name, String text, String expected) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
        throw new SettingsException(name, "must be " + expected);
      }
      return uri;
    } catch (URISyntaxException invalid) {
      throw new SettingsException(name, "must be " + expected);
    }
  }

  public Path directory(String name, String text) {
    Path path = Path.of(text);
    if (!Files.isDirectory(path)) {
      throw new SettingsException(name, text + " is not a directory");
    }
    return path;
  }
}
