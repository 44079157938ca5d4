package io.credwatch.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.event.CredentialEvent;
import io.credwatch.event.CredentialKind;
import io.credwatch.http.BearerRest;
import io.credwatch.respond.FirstUseWatch;
import io.credwatch.source.Timestamps;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * When a service-account key was first used, as Google records it: Cloud Monitoring's per-key
 * authentication count ({@code iam.googleapis.com/service_account/key/authn_events_count}, label
 * {@code key_id}; sampled every 10 minutes, visible up to 3 hours later), and where Monitoring
 * cannot be read, Policy Analyzer's last authentication of the key (a day, not a time). HMAC keys
 * leave no authentication activity, and are not asked about.
 */
final class GcpLastUse implements FirstUseWatch.LastUse {
  static final Set<String> PERMISSIONS =
      Set.of(
          "monitoring.timeSeries.list",
          "policyanalyzer.serviceAccountKeyLastAuthenticationActivities.query");

  static final String METRIC = "iam.googleapis.com/service_account/key/authn_events_count";

  private final BearerRest monitoring;
  private final BearerRest policyAnalyzer;
  private final Clock clock;

  GcpLastUse(BearerRest monitoring, BearerRest policyAnalyzer, Clock clock) {
    this.monitoring = monitoring;
    this.policyAnalyzer = policyAnalyzer;
    this.clock = clock;
  }

  @Override
  public boolean knows(CredentialEvent event) {
    return event.credential().kind() == CredentialKind.SERVICE_ACCOUNT_KEY
        && event.credential().id().matches("[0-9a-f]{8,64}")
        && event.account().matches("[a-z][a-z0-9-]{4,61}[a-z0-9]");
  }

  @Override
  public Optional<FirstUseWatch.Observation> of(CredentialEvent event) {
    String project = event.account();
    String key = event.credential().id();
    Instant created = event.credential().createdAt().or(event::eventTime).orElse(clock.instant());
    try {
      return fromMonitoring(project, key, created);
    } catch (BearerRest.CallFailed failed) {
      if (failed.status != 403 && failed.status != 404) {
        throw new IllegalStateException("Cloud Monitoring: " + failed.getMessage());
      }
    }
    try {
      return fromPolicyAnalyzer(project, serviceAccount(event), key, created);
    } catch (BearerRest.CallFailed failed) {
      throw new IllegalStateException("Policy Analyzer: " + failed.getMessage());
    }
  }

  @Override
  public String source() {
    return FROM_MONITORING + ", or " + FROM_POLICY_ANALYZER;
  }

  static final String FROM_MONITORING = "Cloud Monitoring " + METRIC;
  static final String FROM_POLICY_ANALYZER = "Policy Analyzer serviceAccountKeyLastAuthentication";

  /** The earliest 10-minute sample with a count since the key was created. */
  private Optional<FirstUseWatch.Observation> fromMonitoring(
      String project, String key, Instant created) throws BearerRest.CallFailed {
    String filter = "metric.type=\"" + METRIC + "\" AND metric.labels.key_id=\"" + key + "\"";
    URI uri =
        monitoring.uri(
            "/v3/projects/"
                + BearerRest.segment(project)
                + "/timeSeries?filter="
                + encode(filter)
                + "&interval.startTime="
                + encode(created.minus(Duration.ofMinutes(10)).toString())
                + "&interval.endTime="
                + encode(clock.instant().toString()));
    Optional<Instant> earliest = Optional.empty();
    for (JsonNode series : monitoring.get(uri).path("timeSeries")) {
      for (JsonNode point : series.path("points")) {
        long count = point.path("value").path("int64Value").asLong(0);
        Optional<Instant> start = Timestamps.parse(point.path("interval").path("startTime"));
        if (count > 0
            && start.isPresent()
            && (earliest.isEmpty() || start.get().isBefore(earliest.get()))) {
          earliest = start;
        }
      }
    }
    return earliest.map(at -> new FirstUseWatch.Observation(at, "", "", FROM_MONITORING));
  }

  private Optional<FirstUseWatch.Observation> fromPolicyAnalyzer(
      String project, String serviceAccount, String key, Instant created)
      throws BearerRest.CallFailed {
    String resource =
        "//iam.googleapis.com/projects/"
            + project
            + "/serviceAccounts/"
            + serviceAccount
            + "/keys/"
            + key;
    URI uri =
        policyAnalyzer.uri(
            "/v1/projects/"
                + BearerRest.segment(project)
                + "/locations/global/activityTypes/serviceAccountKeyLastAuthentication"
                + "/activities:query?filter="
                + encode("activities.fullResourceName=\"" + resource + "\""));
    for (JsonNode activity : policyAnalyzer.get(uri).path("activities")) {
      Optional<Instant> day =
          Timestamps.parse(activity.path("activity").path("lastAuthenticatedTime"));
      // Policy Analyzer gives the day of the last use (midnight, UTC-8), not its time: a use that
      // day counts, shown at the creation time when the day began before it, and the source says
      // that only the day is known.
      if (day.isPresent() && day.get().plus(Duration.ofDays(1)).isAfter(created)) {
        Instant at = day.get().isBefore(created) ? created : day.get();
        return Optional.of(
            new FirstUseWatch.Observation(
                at,
                "",
                "",
                FROM_POLICY_ANALYZER
                    + " (only the day is known: "
                    + day.get().atOffset(java.time.ZoneOffset.ofHours(-8)).toLocalDate()
                    + ", UTC-8)"));
      }
    }
    return Optional.empty();
  }

  /** The key's service account: the target's email, else its id. */
  private static String serviceAccount(CredentialEvent event) {
    String name = event.target().name();
    return name.contains("@") ? name : event.target().id();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
