package io.credwatch.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The check every function test runs on its logs must catch what it is for. */
class NoSecretsTest {
  @Test
  void catchesSignaturesAndKeyMaterial_andPassesOrdinaryLogs() {
    for (String leaked :
        new String[] {
          "{\"error\":\"POST https://x.logic.azure.com/workflows/1?api-version=1&sig=AbC123xyz\"}",
          "malformed: Unrecognized token 'MIIEowIBAAKCAQEAq7BFUpkGp3LQmlQYf7x9'",
          "-----BEGIN OPENSSH PRIVATE KEY-----",
          "\"SecretAccessKey\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\""
        }) {
      assertThatThrownBy(() -> NoSecrets.in(leaked)).isInstanceOf(AssertionError.class);
    }
    assertThatThrownBy(() -> NoSecrets.in("token abc", "abc")).isInstanceOf(AssertionError.class);
    assertThatCode(
            () ->
                NoSecrets.in(
                    "{\"level\":\"info\",\"msg\":\"finding\",\"credential\":\"AKIANEWKEY\","
                        + "\"sink\":\"teams: failed (IOException)\"}"))
        .doesNotThrowAnyException();
  }
}
