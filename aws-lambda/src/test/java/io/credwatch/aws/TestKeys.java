package io.credwatch.aws;

import io.credwatch.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Key material moto accepts (it validates SSH keys and certificates). */
final class TestKeys {
  private TestKeys() {}

  /** A fresh RSA public key in OpenSSH format. */
  static String openSshRsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      RSAPublicKey key = (RSAPublicKey) generator.generateKeyPair().getPublic();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      for (byte[] part :
          new byte[][] {
            "ssh-rsa".getBytes(StandardCharsets.US_ASCII),
            key.getPublicExponent().toByteArray(),
            key.getModulus().toByteArray()
          }) {
        out.writeInt(part.length);
        out.write(part);
      }
      return "ssh-rsa " + Base64.getEncoder().encodeToString(bytes.toByteArray()) + " test@local";
    } catch (NoSuchAlgorithmException | IOException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** The self-signed certificate of the shared signing-certificate sample. */
  static String certificatePem() {
    String sample =
        Fixtures.resource(
            "samples/aws_iam_signing_certificate_uploaded/match/carol-uploads-signing-certificate-for-bob.json");
    Matcher body = Pattern.compile("\"certificateBody\":\\s*\"([^\"]+)\"").matcher(sample);
    if (!body.find()) {
      throw new UncheckedIOException(new IOException("the sample has no certificate body"));
    }
    return body.group(1).replace("\\n", "\n");
  }
}
