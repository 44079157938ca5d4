package io.credwatch.source;

import java.util.Optional;

/**
 * An AWS ARN, parsed from untrusted text ({@code arn:partition:service:region:account:resource}).
 *
 * @param partition {@code aws}, {@code aws-cn}, ...
 * @param service {@code iam}, {@code sts}, ...
 * @param region the region, "" for global services
 * @param account the account id
 * @param resource everything after the fifth colon, for example {@code user/division/bob}
 */
public record Arn(
    String partition, String service, String region, String account, String resource) {

  /** Parses an ARN; empty when the text is not one. */
  public static Optional<Arn> parse(String text) {
    String[] parts = text.split(":", 6);
    if (parts.length < 6 || !parts[0].equals("arn")) {
      return Optional.empty();
    }
    return Optional.of(new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]));
  }

  /** The resource type: {@code user}, {@code assumed-role}, {@code root}, {@code role}, ... */
  public String resourceType() {
    int slash = resource.indexOf('/');
    return slash < 0 ? resource : resource.substring(0, slash);
  }

  /**
   * The last path segment of the resource: the IAM user name for {@code user/division/bob}, the
   * session name for {@code assumed-role/role/session}.
   */
  public String resourceName() {
    int slash = resource.lastIndexOf('/');
    return slash < 0 ? resource : resource.substring(slash + 1);
  }
}
