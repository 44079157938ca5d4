package io.credwatch.config;

/** A secret setting (a webhook URL holds its own credential): never printed or logged. */
public record Secret(String value) {
  @Override
  public String toString() {
    return "Secret[redacted]";
  }
}
