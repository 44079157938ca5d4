package io.credwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

/**
 * What no log line or output of a function may hold: a webhook URL's signature, or anything that
 * looks like key material (a PEM block or its base64 body, an SSH private key, an AWS secret key).
 * Function tests check everything they captured with it after each test.
 */
public final class NoSecrets {
  private static final Pattern[] SECRETS = {
    Pattern.compile("[?&]sig=[A-Za-z0-9%_.-]{3,}"),
    Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    Pattern.compile("MII[A-Za-z0-9+/]{20,}"),
    Pattern.compile("(?i)secretAccessKey\"?\\s*[:=]\\s*\"?[A-Za-z0-9/+]{30,}"),
    Pattern.compile("b3BlbnNzaC1rZXktdjEAAAAA"),
  };

  private NoSecrets() {}

  /** Fails when {@code output} holds a secret, naming the pattern but not quoting the secret. */
  public static void in(String output, String... knownSecrets) {
    for (Pattern secret : SECRETS) {
      assertThat(secret.matcher(output).find())
          .as("output holds something matching %s", secret.pattern())
          .isFalse();
    }
    for (String known : knownSecrets) {
      assertThat(output.contains(known)).as("output holds a known secret").isFalse();
    }
  }
}
