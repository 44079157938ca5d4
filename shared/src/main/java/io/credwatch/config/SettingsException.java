package io.credwatch.config;

/** A setting is invalid; start-up stops with a message that names the variable. */
public final class SettingsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String variable;

  public SettingsException(String variable, String reason) {
    super(variable + ": " + reason);
    this.variable = variable;
  }

  public String variable() {
    return variable;
  }
}
