package io.credwatch.aws;

import io.credwatch.event.CredentialEvent;
import io.credwatch.event.CredentialKind;
import io.credwatch.respond.FirstUseWatch;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyLastUsed;

/**
 * IAM's own last-used records: {@code GetAccessKeyLastUsed} for an access key (date, service,
 * Region), {@code GetUser}'s {@code PasswordLastUsed} for a console password.
 */
final class AwsLastUse implements FirstUseWatch.LastUse {
  static final Set<String> PERMISSIONS = Set.of("iam:GetAccessKeyLastUsed", "iam:GetUser");

  private final IamClient iam;

  AwsLastUse(IamClient iam) {
    this.iam = iam;
  }

  @Override
  public boolean knows(CredentialEvent event) {
    CredentialKind kind = event.credential().kind();
    return (kind == CredentialKind.ACCESS_KEY && !event.credential().id().isEmpty())
        || (kind == CredentialKind.LOGIN_PROFILE && !event.target().name().isEmpty());
  }

  @Override
  public Optional<FirstUseWatch.Observation> of(CredentialEvent event) {
    if (event.credential().kind() == CredentialKind.LOGIN_PROFILE) {
      Instant used =
          iam.getUser(request -> request.userName(event.target().name())).user().passwordLastUsed();
      return Optional.ofNullable(used)
          .map(at -> new FirstUseWatch.Observation(at, "AWS Management Console", ""));
    }
    AccessKeyLastUsed used =
        iam.getAccessKeyLastUsed(request -> request.accessKeyId(event.credential().id()))
            .accessKeyLastUsed();
    if (used == null || used.lastUsedDate() == null) {
      return Optional.empty();
    }
    return Optional.of(
        new FirstUseWatch.Observation(
            used.lastUsedDate(), known(used.serviceName()), known(used.region())));
  }

  @Override
  public String source() {
    return "iam:GetAccessKeyLastUsed";
  }

  /** IAM says "N/A" for a service or Region it does not know. */
  private static String known(String value) {
    return value == null || value.equalsIgnoreCase("N/A") ? "" : value;
  }
}
