package io.credwatch.gcp;

import io.credwatch.http.BearerRest;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Google resource name from an event, accepted only in an expected shape and turned into a URL
 * path with every segment percent-encoded, so a crafted name cannot reach another resource.
 */
final class GoogleResourceName {
  private static final String SEGMENT = "[A-Za-z0-9._@~-]+";

  static final Pattern WORKLOAD_IDENTITY_PROVIDER =
      Pattern.compile(
          "(projects/"
              + SEGMENT
              + "/locations/"
              + SEGMENT
              + "/workloadIdentityPools/"
              + SEGMENT
              + "|locations/"
              + SEGMENT
              + "/workforcePools/"
              + SEGMENT
              + ")/providers/"
              + SEGMENT);

  static final Pattern API_KEY =
      Pattern.compile("projects/" + SEGMENT + "/locations/" + SEGMENT + "/keys/" + SEGMENT);

  private GoogleResourceName() {}

  /** The name as an encoded path (no leading slash), or empty when it has another shape. */
  static Optional<String> path(String name, Pattern shape) {
    if (!shape.matcher(name).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        Arrays.stream(name.split("/")).map(BearerRest::segment).collect(Collectors.joining("/")));
  }
}
