package io.credwatch.aws;

import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationLocator;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.VerifiedRemediation;
import io.credwatch.respond.VerifiedRemediation.StepFailed;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;

/**
 * An EC2 key pair, deleted in the event's Region. Instances already launched with it keep the key
 * in authorized_keys (the action's caveat says so).
 */
final class Ec2KeyPairSteps implements VerifiedRemediation.Removal<KeyPairInfo> {
  private final Ec2Client ec2;
  private final RemediationLocator.Ec2KeyPair keyPair;
  private final RemediationPlan.Act plan;

  Ec2KeyPairSteps(Ec2Client ec2, RemediationLocator.Ec2KeyPair keyPair, RemediationPlan.Act plan) {
    this.ec2 = ec2;
    this.keyPair = keyPair;
    this.plan = plan;
  }

  @Override
  public String what() {
    return "EC2 key pair " + keyPair.keyName() + " in " + keyPair.region();
  }

  @Override
  public Optional<KeyPairInfo> find(String doing) throws StepFailed {
    try {
      return ec2.describeKeyPairs(r -> r.keyNames(keyPair.keyName())).keyPairs().stream()
          .findFirst();
    } catch (AwsServiceException error) {
      if (AwsErrors.isNotFound(error)) {
        return Optional.empty();
      }
      throw new StepFailed(AwsErrors.failed(error, doing, "ec2:DescribeKeyPairs"));
    } catch (SdkException error) {
      throw new StepFailed(AwsErrors.failed(error, doing, "ec2:DescribeKeyPairs"));
    }
  }

  @Override
  public Outcome absent() {
    return new Outcome.AlreadyApplied("there is no " + what() + ": already deleted", plan.undo());
  }

  @Override
  public Optional<Outcome> notThisOne(KeyPairInfo found) {
    if (!keyPair.keyPairId().isEmpty() && !keyPair.keyPairId().equals(found.keyPairId())) {
      return Optional.of(
          new Outcome.Skipped(
              what()
                  + " now has id "
                  + found.keyPairId()
                  + ", not the event's "
                  + keyPair.keyPairId()
                  + ": it was deleted and re-created since, so CredWatch leaves it alone"));
    }
    return Optional.empty();
  }

  @Override
  public Optional<String> createdAt(KeyPairInfo found) {
    return Optional.ofNullable(found.createTime()).map(Object::toString);
  }

  @Override
  public String verified(KeyPairInfo found) {
    return (found.keyPairId() == null ? "" : "(" + found.keyPairId() + ") ") + "exists";
  }

  @Override
  public String wouldDo() {
    return "delete it";
  }

  @Override
  public Optional<String> act(KeyPairInfo found) throws StepFailed {
    try {
      // By name: just verified to be this key pair (moto ignores KeyPairId on delete).
      ec2.deleteKeyPair(r -> r.keyName(keyPair.keyName()));
    } catch (SdkException error) {
      throw new StepFailed(AwsErrors.failed(error, "delete " + what(), "ec2:DeleteKeyPair"));
    }
    return Optional.empty();
  }

  @Override
  public String did() {
    return "deleted " + what();
  }

  @Override
  public boolean confirmed(Optional<KeyPairInfo> after) {
    return after.isEmpty();
  }

  @Override
  public String readBack(Optional<KeyPairInfo> after) {
    return after.isEmpty() ? "gone" : "it still there";
  }
}
