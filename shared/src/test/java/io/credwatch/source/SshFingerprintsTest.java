package io.credwatch.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SshFingerprintsTest {

  @Test
  void sha256_opensshKey_matchesSshKeygen() {
    // ssh-keygen -lf prints SHA256:0DSmEaqM4EblXprHI0ZbaIRSROz+Ww7FGC0zUzRwIq4 for this key.
    String key =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINnNrCoRSpEDQZ3sx52Hyf5nYGqlGQALWR+d1MdO3Ne4 someone@host\n";
    assertThat(SshFingerprints.sha256(key))
        .contains("SHA256:0DSmEaqM4EblXprHI0ZbaIRSROz+Ww7FGC0zUzRwIq4");
  }

  @Test
  void sha256_notAKey_isEmpty() {
    assertThat(SshFingerprints.sha256("ssh-rsa")).isEmpty();
    assertThat(SshFingerprints.sha256("ssh-rsa !!!notbase64")).isEmpty();
    assertThat(SshFingerprints.sha256("")).isEmpty();
  }
}
