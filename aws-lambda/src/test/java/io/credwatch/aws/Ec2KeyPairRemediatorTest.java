package io.credwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;

/** EC2 key pair deletion against a real moto server, in the event's region. */
class Ec2KeyPairRemediatorTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static Ec2Client ec2;
  private static AwsRemediator remediator;

  @BeforeAll
  static void clients() {
    ec2 = MOTO.ec2("us-east-1");
    remediator =
        new AwsRemediator(MOTO.clients().iam(), MOTO.clients().ec2(), () -> MotoServer.ACCOUNT);
  }

  private static boolean exists(String name) {
    return ec2.describeKeyPairs().keyPairs().stream()
        .map(KeyPairInfo::keyName)
        .anyMatch(name::equals);
  }

  private static RemediationPlan.Act planFor(CreateKeyPairResponse created) {
    KeyPairInfo info = ec2.describeKeyPairs(r -> r.keyNames(created.keyName())).keyPairs().get(0);
    return AwsEvents.plan(
        AwsEvents.createKeyPair(created.keyName(), created.keyPairId(), info.createTime()));
  }

  @Test
  void enforce_deletesExactlyThatKeyPair_thenRedeliveryIsAlreadyApplied() {
    CreateKeyPairResponse kept = ec2.createKeyPair(r -> r.keyName("kept-" + System.nanoTime()));
    CreateKeyPairResponse added = ec2.createKeyPair(r -> r.keyName("added-" + System.nanoTime()));
    RemediationPlan.Act plan = planFor(added);

    Outcome applied = remediator.apply(plan, RemediationMode.ENFORCE);
    Outcome again = remediator.apply(plan, RemediationMode.ENFORCE);

    assertThat(applied).isInstanceOf(Outcome.Applied.class);
    assertThat(applied.detail()).contains(added.keyName()).contains("read back: gone");
    assertThat(exists(added.keyName())).isFalse();
    assertThat(exists(kept.keyName())).isTrue();
    assertThat(again).isInstanceOf(Outcome.AlreadyApplied.class);
  }

  @Test
  void dryRun_keepsTheKeyPair() {
    CreateKeyPairResponse added = ec2.createKeyPair(r -> r.keyName("dry-" + System.nanoTime()));
    Outcome outcome = remediator.apply(planFor(added), RemediationMode.DRY_RUN);
    assertThat(outcome).isInstanceOf(Outcome.DryRun.class);
    assertThat(outcome.detail()).contains("would delete");
    assertThat(exists(added.keyName())).isTrue();
  }

  @Test
  void recreatedUnderTheSameName_isLeftAlone() {
    String name = "recreated-" + System.nanoTime();
    CreateKeyPairResponse first = ec2.createKeyPair(r -> r.keyName(name));
    RemediationPlan.Act plan = planFor(first);
    ec2.deleteKeyPair(r -> r.keyName(name));
    ec2.createKeyPair(r -> r.keyName(name));

    Outcome outcome = remediator.apply(plan, RemediationMode.ENFORCE);

    assertThat(outcome).isInstanceOf(Outcome.Skipped.class);
    assertThat(outcome.detail()).contains("re-created");
    assertThat(exists(name)).isTrue();
  }

  @Test
  void notFound_inTheEventsRegion_isReportedAsAlreadyDeleted() {
    RemediationPlan.Act plan =
        AwsEvents.plan(
            AwsEvents.createKeyPair(
                "never-" + System.nanoTime(), "key-0123456789abcdef0", java.time.Instant.now()));
    Outcome outcome = remediator.apply(plan, RemediationMode.ENFORCE);
    assertThat(outcome).isInstanceOf(Outcome.AlreadyApplied.class);
    assertThat(outcome.detail()).contains("already deleted");
  }
}
