package io.credwatch.respond;

import io.credwatch.alert.Alert;
import io.credwatch.config.Settings;
import io.credwatch.detect.Detector;
import io.credwatch.detect.Finding;
import io.credwatch.event.CredentialEvent;
import io.credwatch.log.JsonLog;
import io.credwatch.source.EventReader;
import io.credwatch.source.PlatformDelivery;
import io.credwatch.source.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The chain every cloud function runs, wired in one place: settings, rules and detector, then the
 * responder (policy, the cloud's remediator, the sinks), then the delivery that reads each platform
 * delivery and says what must be retried. A cloud supplies only what is its own: its remediator,
 * its sinks and the identities it must never touch.
 *
 * <pre>{@code
 * Pipeline pipeline =
 *     Pipeline.from(settings, clock, log)
 *         .protecting(ownIdentities)
 *         .remediator(new AwsRemediator(...))
 *         .sinks(sinks)
 *         .build();
 * }</pre>
 */
public final class Pipeline implements AutoCloseable {
  private final EventReader reader;
  private final Detector detector;
  private final Responder responder;
  private final Delivery delivery;
  private final Optional<FirstUseWatch> firstUseWatch;
  private final Optional<KeyUseWatch> keyUseWatch;

  private Pipeline(
      EventReader reader,
      Detector detector,
      Responder responder,
      JsonLog log,
      FollowUps followUps,
      Optional<FirstUseWatch> firstUseWatch,
      Optional<KeyUseWatch> keyUseWatch) {
    this.reader = reader;
    this.detector = detector;
    this.responder = responder;
    this.firstUseWatch = firstUseWatch;
    this.keyUseWatch = keyUseWatch;
    this.delivery =
        new Delivery(reader, detector, responder, log, followUps, firstUseWatch, keyUseWatch);
  }

  public static Builder from(Settings settings, Clock clock, JsonLog log) {
    return new Builder(settings, clock, log);
  }

  /** What a cloud adds to the chain. */
  public static final class Builder {
    private final Settings settings;
    private final Clock clock;
    private final JsonLog log;
    private List<String> protecting = List.of();
    private Remediator remediator = new NoRemediator();
    private List<AlertSink> sinks = List.of();
    private ActionLedger ledger = ActionLedger.NONE;
    private Provenance provenance = Provenance.NONE;
    private FollowUps followUps = FollowUps.BY_RETRY;
    private FirstUseWatch.@Nullable LastUse lastUse;
    private FirstUseWatch.@Nullable Schedule firstUseSchedule;
    private KeyUseWatch.@Nullable Store keyUseStore;
    private @Nullable Function<byte[], PlatformDelivery> keyUseDelivery;

    private Builder(Settings settings, Clock clock, JsonLog log) {
      this.settings = settings;
      this.clock = clock;
      this.log = log;
    }

    /** Identities never remediated besides the configured ones: the function's own. */
    public Builder protecting(List<String> identities) {
      this.protecting = List.copyOf(identities);
      return this;
    }

    public Builder remediator(Remediator remediator) {
      this.remediator = remediator;
      return this;
    }

    /** Where what was done is remembered across invocations (none by default). */
    public Builder ledger(ActionLedger ledger) {
      this.ledger = ledger;
      return this;
    }

    /** The cloud's log, where each event is confirmed before CredWatch acts on it. */
    public Builder provenance(Provenance provenance) {
      this.provenance = provenance;
      return this;
    }

    /**
     * How an event waiting for confirmation comes back for another look (by default the platform's
     * own retry of a delivery reported failed).
     */
    public Builder followUps(FollowUps followUps) {
      this.followUps = followUps;
      return this;
    }

    /**
     * Follows each new credential to its first use: the cloud's last-used record, asked on the
     * schedule of {@link FirstUseWatch} through the cloud's delayed queue (none by default).
     */
    public Builder firstUse(FirstUseWatch.LastUse lastUse, FirstUseWatch.Schedule schedule) {
      this.lastUse = lastUse;
      this.firstUseSchedule = schedule;
      return this;
    }

    /**
     * Follows each new key to its first sign-in, as the sign-in logs streamed to the function show
     * it ({@link KeyUseWatch}); {@code asDelivery} makes a remembered event a delivery again.
     */
    public Builder keyUse(KeyUseWatch.Store store, Function<byte[], PlatformDelivery> asDelivery) {
      this.keyUseStore = store;
      this.keyUseDelivery = asDelivery;
      return this;
    }

    /** Where alerts go; at least one. */
    public Builder sinks(List<AlertSink> sinks) {
      if (sinks.isEmpty()) {
        throw new IllegalArgumentException("a pipeline needs at least one alert sink");
      }
      this.sinks = List.copyOf(sinks);
      return this;
    }

    public Pipeline build() {
      if (sinks.isEmpty()) {
        throw new IllegalStateException("a pipeline needs at least one alert sink");
      }
      EventReader reader = new EventReader();
      Detector detector = settings.detector(clock, log);
      RemediationPolicy policy = settings.policy(protecting);
      Responder responder =
          new Responder(
              policy,
              remediator,
              sinks,
              settings.minSeverity(),
              settings.remediationTimeout(),
              clock,
              ledger,
              new Confirmation(
                  provenance, !settings.actWithoutConfirmation(), settings.confirmWithin()));
      Watching watching = new Watching(reader, detector, responder, policy, clock, log);
      FirstUseWatch.LastUse knownLastUse = lastUse;
      FirstUseWatch.Schedule knownSchedule = firstUseSchedule;
      Optional<FirstUseWatch> watch =
          knownLastUse == null || knownSchedule == null || !settings.firstUseWatch()
              ? Optional.empty()
              : Optional.of(new FirstUseWatch(knownLastUse, knownSchedule, watching));
      KeyUseWatch.Store store = keyUseStore;
      Function<byte[], PlatformDelivery> asDelivery = keyUseDelivery;
      Optional<KeyUseWatch> keyWatch =
          store == null || asDelivery == null || !settings.firstUseWatch()
              ? Optional.empty()
              : Optional.of(new KeyUseWatch(store, asDelivery, watching));
      return new Pipeline(reader, detector, responder, log, followUps, watch, keyWatch);
    }
  }

  /** One platform delivery: read, detect, respond; what to retry. */
  public Delivery.Result handle(PlatformDelivery platformDelivery) {
    return delivery.handle(platformDelivery);
  }

  /** One platform delivery, within the invocation's deadline. */
  public Delivery.Result handle(PlatformDelivery platformDelivery, Deadline deadline) {
    return delivery.handle(platformDelivery, deadline);
  }

  /**
   * One look of a first-use watch ({@link FirstUseWatch#look}); true when nothing must be retried.
   * Without a watch configured there is nothing to look for, and nothing to retry.
   */
  public boolean watchFirstUse(PlatformDelivery oneEvent, int poll, Deadline deadline) {
    return firstUseWatch.map(watch -> watch.look(oneEvent, poll, deadline)).orElse(true);
  }

  /**
   * The first sign-ins of watched keys in a delivery ({@link KeyUseWatch#signIns}); true when
   * nothing must be retried.
   */
  public boolean signIns(PlatformDelivery delivery, Deadline deadline) {
    return keyUseWatch.map(watch -> watch.signIns(delivery, deadline)).orElse(true);
  }

  /**
   * The alerts a sample gives, built without any cloud call or delivery: reading and detection
   * exercised, for a caller to render, as a SnapStart snapshot should have them warm.
   */
  public List<Alert> prime(byte[] sample) {
    List<Alert> alerts = new ArrayList<>();
    for (Verdict verdict : reader.read(sample, "priming")) {
      if (verdict instanceof Verdict.Relevant relevant) {
        for (CredentialEvent event : relevant.events()) {
          for (Finding finding : detector.detect(event)) {
            alerts.add(
                finding.toAlert(
                    new Alert.Remediation("dry-run", "", "skipped", "priming", "", List.of()),
                    Instant.EPOCH,
                    false));
          }
        }
      }
    }
    return alerts;
  }

  @Override
  public void close() {
    responder.close();
  }

  /** A chain without remediation: every plan is skipped. */
  private static final class NoRemediator implements Remediator {
    @Override
    public Set<RemediationAction> actions() {
      return Set.of();
    }

    @Override
    public Outcome apply(RemediationPlan.Act plan, RemediationMode mode) {
      return new Outcome.Skipped("no remediator is deployed here");
    }
  }
}
