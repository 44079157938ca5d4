package io.credwatch.detect;

import static io.credwatch.testing.CloudTrailRecords.createAccessKey;
import static io.credwatch.testing.CloudTrailRecords.iamUser;
import static io.credwatch.testing.Fixtures.finding;
import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.alert.Severity;
import io.credwatch.rule.ContextFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Self versus other, exactly: the bugs of the public rules (catalogue §6) must not be repeated. */
class SelfServiceTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "jack creates a key for jackson,     user/jack,          jack,    jackson, false",
    "jackson creates a key for jack,     user/jackson,       jackson, jack,    false",
    "user with a path creates for self,  user/ops/eu/alice,  alice,   alice,   true",
    "user with a path creates for other, user/ops/eu/alice,  alice,   bob,     false",
    "case differs (IAM names ignore case), user/Alice,      Alice,   alice,   true",
    "userName disagrees with the ARN,    user/jackson,       user1,   jackson, false",
    "parameter omitted acts on caller,   user/alice,         alice,   '',      true"
  })
  void iamUsers(String label, String arnResource, String userName, String target, boolean self) {
    Finding finding = finding(createAccessKey(iamUser(arnResource, userName), target));
    assertThat(finding.flags().contains(ContextFlag.SELF_SERVICE)).as(label).isEqualTo(self);
    assertThat(finding.severity()).as(label).isEqualTo(self ? Severity.LOW : Severity.HIGH);
  }

  @Test
  void assumedRoleSessionNamedLikeTheUser_isNotSelf() {
    String session =
        "{\"type\":\"AssumedRole\",\"principalId\":\"AROA:alice\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/Admin/alice\",\"accountId\":\"111122223333\","
            + "\"sessionContext\":{\"sessionIssuer\":{\"arn\":\"arn:aws:iam::111122223333:role/Admin\",\"userName\":\"Admin\"}}}";
    Finding finding = finding(createAccessKey(session, "alice"));
    assertThat(finding.flags()).doesNotContain(ContextFlag.SELF_SERVICE);
    assertThat(finding.severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void userOfAnotherAccount_isNotSelf_andIsCrossAccount() {
    String other =
        "{\"type\":\"IAMUser\",\"principalId\":\"AIDA9\",\"arn\":\"arn:aws:iam::444455556666:user/alice\",\"accountId\":\"444455556666\",\"userName\":\"alice\"}";
    Finding finding = finding(createAccessKey(other, "alice"));
    assertThat(finding.flags())
        .doesNotContain(ContextFlag.SELF_SERVICE)
        .contains(ContextFlag.CROSS_ACCOUNT);
    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void rootCreatingItsOwnKey_isCritical() {
    String root =
        "{\"type\":\"Root\",\"principalId\":\"111122223333\",\"arn\":\"arn:aws:iam::111122223333:root\",\"accountId\":\"111122223333\"}";
    Finding finding = finding(createAccessKey(root, ""));
    assertThat(finding.flags()).contains(ContextFlag.ROOT_ACTOR, ContextFlag.ROOT_TARGET);
    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void rootCreatingAKeyForAUser_isCritical() {
    String root =
        "{\"type\":\"Root\",\"principalId\":\"111122223333\",\"arn\":\"arn:aws:iam::111122223333:root\",\"accountId\":\"111122223333\"}";
    Finding finding = finding(createAccessKey(root, "bob"));
    assertThat(finding.flags())
        .contains(ContextFlag.ROOT_ACTOR)
        .doesNotContain(ContextFlag.ROOT_TARGET, ContextFlag.SELF_SERVICE);
    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
  }
}
