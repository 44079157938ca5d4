package io.credwatch.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArnTest {

  @Test
  void parse_userWithPath_namesTheLastSegment() {
    Arn arn = Arn.parse("arn:aws:iam::111122223333:user/division/team/bob").orElseThrow();
    assertThat(arn.partition()).isEqualTo("aws");
    assertThat(arn.service()).isEqualTo("iam");
    assertThat(arn.account()).isEqualTo("111122223333");
    assertThat(arn.resourceType()).isEqualTo("user");
    assertThat(arn.resourceName()).isEqualTo("bob");
  }

  @Test
  void parse_assumedRole_namesTheSession() {
    Arn arn = Arn.parse("arn:aws:sts::111122223333:assumed-role/Admin/alice").orElseThrow();
    assertThat(arn.resourceType()).isEqualTo("assumed-role");
    assertThat(arn.resourceName()).isEqualTo("alice");
  }

  @Test
  void parse_root_hasNoSlash() {
    Arn arn = Arn.parse("arn:aws:iam::111122223333:root").orElseThrow();
    assertThat(arn.resourceType()).isEqualTo("root");
    assertThat(arn.resourceName()).isEqualTo("root");
  }

  @Test
  void parse_notAnArn_isEmpty() {
    assertThat(Arn.parse("user/bob")).isEmpty();
    assertThat(Arn.parse("arn:aws:iam")).isEmpty();
  }
}
