package io.credwatch.config;

/** A setting is invalid; start-up stops with a message that names the variable. */
public final class SettingsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String variable;
  private final String reason;

  public SettingsException(String variable, String reason) {
    super(variable + ": " + reason);
    this.variable = variable;
    this.reason = reason;
  }

  public String variable() {
    return variable;
  }

  /** What is wrong with the value, without the variable's name. */
  public String reason() {
    return reason;
  }
}
