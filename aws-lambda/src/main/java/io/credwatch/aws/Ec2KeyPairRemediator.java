package io.credwatch.aws;

import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationActions;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import io.credwatch.respond.Remediator;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;

/**
 * Deletes exactly the EC2 key pair an event created or imported, in the event's region. A key pair
 * cannot be disabled, and deleting it does not remove the public key from instances already
 * launched with it: the alert says so (the action's caveat).
 */
final class Ec2KeyPairRemediator implements Remediator {
  private final Function<String, Ec2Client> ec2ByRegion;
  private final Supplier<String> ownAccount;

  Ec2KeyPairRemediator(Function<String, Ec2Client> ec2ByRegion, Supplier<String> ownAccount) {
    this.ec2ByRegion = ec2ByRegion;
    this.ownAccount = ownAccount;
  }

  static final Set<String> ACTIONS = Set.of(RemediationActions.AWS_DELETE_EC2_KEY_PAIR);

  @Override
  public Set<String> actions() {
    return ACTIONS;
  }

  @Override
  public Outcome apply(RemediationPlan.Act plan, RemediationMode mode) {
    Optional<Outcome> elsewhere = AccountCheck.otherAccount(plan, ownAccount);
    if (elsewhere.isPresent()) {
      return elsewhere.get();
    }
    String region = plan.parameter("region");
    String keyName = plan.parameter("keyName");
    String keyPairId = plan.parameter("keyPairId");
    if (region.isEmpty() || keyName.isEmpty()) {
      return new Outcome.Skipped("the event names no key pair name or region");
    }
    String what = "EC2 key pair " + keyName + " in " + region;
    Ec2Client ec2 = ec2ByRegion.apply(region);
    Optional<KeyPairInfo> found;
    try {
      found = describe(ec2, keyName);
    } catch (SdkException error) {
      return AwsErrors.failed(error, "describe " + what, "ec2:DescribeKeyPairs");
    }
    if (found.isEmpty()) {
      return new Outcome.AlreadyApplied("there is no " + what + ": already deleted", plan.undo());
    }
    KeyPairInfo key = found.get();
    if (!keyPairId.isEmpty() && !keyPairId.equals(key.keyPairId())) {
      return new Outcome.Skipped(
          what
              + " now has id "
              + key.keyPairId()
              + ", not the event's "
              + keyPairId
              + ": it was deleted and re-created since, so CredWatch leaves it alone");
    }
    if (key.createTime() != null) {
      Optional<Outcome> notThisOne = CreationCheck.mismatch(plan, key.createTime(), what);
      if (notThisOne.isPresent()) {
        return notThisOne.get();
      }
    }
    String id = key.keyPairId() == null ? "" : " (" + key.keyPairId() + ")";
    if (mode != RemediationMode.ENFORCE) {
      return new Outcome.DryRun("verified: " + what + id + " exists; enforce mode would delete it");
    }
    try {
      // By name: just verified to be this key pair (moto ignores KeyPairId on delete).
      ec2.deleteKeyPair(r -> r.keyName(keyName));
    } catch (SdkException error) {
      return AwsErrors.failed(error, "delete " + what, "ec2:DeleteKeyPair");
    }
    try {
      if (describe(ec2, keyName).isEmpty()) {
        return new Outcome.Applied("deleted " + what + id + "; read back: gone", plan.undo());
      }
      return new Outcome.Failed("deleted " + what + ", but reading it back still finds it", true);
    } catch (SdkException error) {
      return AwsErrors.failed(error, "read back " + what, "ec2:DescribeKeyPairs");
    }
  }

  private static Optional<KeyPairInfo> describe(Ec2Client ec2, String keyName) {
    try {
      return ec2.describeKeyPairs(r -> r.keyNames(keyName)).keyPairs().stream().findFirst();
    } catch (AwsServiceException error) {
      if (AwsErrors.isNotFound(error)) {
        return Optional.empty();
      }
      throw error;
    }
  }
}
