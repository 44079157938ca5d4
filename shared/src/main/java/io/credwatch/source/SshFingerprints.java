package io.credwatch.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * OpenSSH SHA256 fingerprints of public keys that audit records log in full (EC2 Instance Connect,
 * OS Login), so that an alert can name the exact key without repeating it.
 */
public final class SshFingerprints {
  private SshFingerprints() {}

  /**
   * The {@code SHA256:...} fingerprint of an OpenSSH public key line ({@code type base64 comment});
   * empty when the text is not one.
   */
  public static Optional<String> sha256(String publicKeyLine) {
    String[] fields = publicKeyLine.trim().split("\\s+", -1);
    if (fields.length < 2) {
      return Optional.empty();
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(fields[1].getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    if (blob.length < 8) {
      return Optional.empty();
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return Optional.of("SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every JDK provides SHA-256", impossible);
    }
  }
}
