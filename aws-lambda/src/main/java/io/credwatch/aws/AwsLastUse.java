package io.credwatch.aws;

import io.credwatch.event.CredentialEvent;
import io.credwatch.event.CredentialKind;
import io.credwatch.respond.FirstUseWatch;
import java.util.Optional;
import java.util.Set;

/**
 * IAM's own last-used records: {@code GetAccessKeyLastUsed} for an access key (date, service,
 * Region), {@code GetUser}'s {@code PasswordLastUsed} for a console password.
 */
final class AwsLastUse implements FirstUseWatch.LastUse {
  static final Set<String> PERMISSIONS = Set.of("iam:GetAccessKeyLastUsed", "iam:GetUser");

  private final Iam iam;

  AwsLastUse(Iam iam) {
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
      return iam.passwordLastUsed(event.target().name())
          .map(at -> new FirstUseWatch.Observation(at, "AWS Management Console", ""));
    }
    Iam.LastUsed used = iam.accessKeyLastUsed(event.credential().id());
    return used.at()
        .map(at -> new FirstUseWatch.Observation(at, known(used.service()), known(used.region())));
  }

  @Override
  public String source() {
    return "iam:GetAccessKeyLastUsed";
  }

  /** IAM says "N/A" for a service or Region it does not know. */
  private static String known(String value) {
    return value.equalsIgnoreCase("N/A") ? "" : value;
  }
}
