package io.credwatch.use;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.alert.FirstUse;
import io.credwatch.json.JsonLimits;
import io.credwatch.source.RecordTap;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Follows new credentials to their first use through everything a scan reads (architecture §13): by
 * exact id, through the temporary keys of sessions minted with them, and learns the creators' usual
 * hours on the way. Records are looked at through {@link #tap()}: only those containing a followed
 * id or creator are parsed.
 */
public final class FirstUseTracker {
  /** Below this many records, nobody's hours are known well enough to call one unusual. */
  static final int HOURS_NEED_RECORDS = 20;

  /** Records counted per creator for their hours; past it the rest cost no parse. */
  static final int HOURS_KEEP_RECORDS = 10_000;

  /** Timed uses kept per credential for its first hour; past it uses are only counted. */
  private static final int KEPT_USES = 10_000;

  private static final int MAX_SESSIONS_SHOWN = 5;

  /** Sessions followed per credential: their temporary keys' uses count as its own. */
  static final int MAX_SESSIONS_FOLLOWED = 100;

  private final ObjectMapper mapper = JsonLimits.defaultMapper();

  /** Each followed credential, by its key, with what was seen of it. */
  private final Map<String, Usage> followed = new LinkedHashMap<>();

  /** A session's temporary key → the followed key it was minted with. */
  private final Map<String, String> sessionKeys = new HashMap<>();

  private final Map<String, int[]> creatorHours = new HashMap<>();
  private final Set<String> creatorsFull = new LinkedHashSet<>();
  private Needles needles = new Needles(List.of());
  private boolean needlesStale;
  private long parsed;

  /** How many strings were ever added to look for: a prefilter older than this may miss some. */
  private long additions;

  /** The needles as last rebuilt, as a prefilter other threads may use. */
  private Prefilter published = new Prefilter(needles, 0);

  /**
   * The records worth handing to {@link #offerIfFound}, as the needles stood when it was taken.
   * Immutable, so any thread may use it; one taken before {@link #additions()} changed may miss
   * records, and its user must then look again with the current needles.
   */
  public static final class Prefilter {
    private final Needles needles;
    private final long additions;

    private Prefilter(Needles needles, long additions) {
      this.needles = needles;
      this.additions = additions;
    }

    public boolean foundIn(byte[] data, int start, int end) {
      return needles.foundIn(data, start, end);
    }

    /** The tracker's {@link #additions()} when this was taken. */
    public long additions() {
      return additions;
    }
  }

  /** Follows this credential; the same key twice is followed once. */
  public void follow(Followed credential) {
    if (!followed.containsKey(credential.key())) {
      followed.put(credential.key(), new Usage(credential));
      additions++;
      if (!credential.creatorPrincipal().isEmpty()) {
        creatorHours.putIfAbsent(principalKey(credential.creatorPrincipal()), new int[25]);
      }
      needlesStale = true;
    }
  }

  public boolean isEmpty() {
    return followed.isEmpty();
  }

  public int size() {
    return followed.size();
  }

  /** How many session keys are followed, across all credentials. */
  int sessionKeysFollowed() {
    return sessionKeys.size();
  }

  /** How many records contained a followed id or creator and were parsed. */
  public long parsedRecords() {
    return parsed;
  }

  /** Looks at each record: those containing a followed id or creator are parsed and read. */
  public RecordTap tap() {
    return this::offerIfFound;
  }

  /**
   * How many strings were ever added to look for (credentials followed, session keys minted with
   * them); a {@link Prefilter} taken at a lower count may have missed records.
   */
  public long additions() {
    return additions;
  }

  /**
   * The needles as they stand, rebuilt first if they changed, as an immutable prefilter that may be
   * handed to other threads (the tracker itself belongs to the thread that feeds it).
   */
  public Prefilter prefilter() {
    if (needlesStale) {
      rebuildNeedles();
    }
    return published;
  }

  /** Parses and reads the record {@code data[start..end)} if it contains a followed string. */
  public void offerIfFound(byte[] data, int start, int end) {
    if (needlesStale) {
      rebuildNeedles();
    }
    if (!needles.foundIn(data, start, end)) {
      return;
    }
    JsonNode record;
    try {
      record = mapper.readTree(data, start, end - start);
    } catch (IOException | RuntimeException unreadable) {
      // The first pass has reported it as malformed already.
      return;
    }
    parsed++;
    offer(record);
  }

  /** Reads one record's uses and activity. */
  public void offer(JsonNode record) {
    for (CredentialUse use : UseReader.uses(record)) {
      String key = Followed.normalize(use.credentialId());
      String root = followed.containsKey(key) ? key : sessionKeys.get(key);
      if (root == null) {
        continue;
      }
      Usage seen = followed.get(root);
      if (seen == null) {
        continue;
      }
      seen.add(use);
      if (!use.mintedKeyId().isEmpty()
          && use.succeeded()
          && seen.sessionsFollowed < MAX_SESSIONS_FOLLOWED) {
        // Each followed session key is one more string to look for, and the matcher is rebuilt:
        // a key that mints a session a minute is followed through its first sessions only.
        seen.addSession(use.operation() + " → " + use.mintedKeyId());
        if (sessionKeys.putIfAbsent(Followed.normalize(use.mintedKeyId()), root) == null) {
          seen.sessionsFollowed++;
          additions++;
          needlesStale = true;
        }
      }
    }
    UseReader.activity(record)
        .ifPresent(
            activity -> {
              String principal = principalKey(activity.principal());
              int[] hours = creatorHours.get(principal);
              if (hours != null && !creatorsFull.contains(principal)) {
                hours[activity.time().atZone(ZoneOffset.UTC).getHour()]++;
                if (++hours[24] >= HOURS_KEEP_RECORDS) {
                  creatorsFull.add(principal);
                  needlesStale = true;
                }
              }
            });
  }

  private void rebuildNeedles() {
    List<String> strings = new ArrayList<>();
    followed.values().forEach(seen -> strings.add(seen.credential.needle()));
    strings.addAll(sessionKeys.keySet());
    for (Usage seen : followed.values()) {
      Followed credential = seen.credential;
      String principal = principalKey(credential.creatorPrincipal());
      if (!principal.isEmpty() && !creatorsFull.contains(principal)) {
        strings.add(credential.creatorPrincipal());
      }
    }
    needles = new Needles(strings);
    needlesStale = false;
    published = new Prefilter(needles, additions);
  }

  private static String principalKey(String principal) {
    return principal.toLowerCase(Locale.ROOT);
  }

  /** What the scanned logs showed of one followed credential, and why it is more urgent. */
  public record Assessment(FirstUse firstUse, List<String> raisingReasons) {
    public Assessment {
      raisingReasons = List.copyOf(raisingReasons);
    }
  }

  /** The first use of {@code credential} (followed before the records were read). */
  public Assessment assess(Followed credential, String learnedFrom) {
    Usage seen = followed.get(credential.key());
    if (seen == null || seen.count == 0) {
      return new Assessment(FirstUse.unused(learnedFrom, learnedFrom), List.of());
    }
    CredentialUse first = seen.first;
    Optional<Instant> at = first == null ? Optional.empty() : first.time();
    Optional<Duration> after =
        at.flatMap(time -> credential.createdAt().map(created -> Duration.between(created, time)));
    List<String> firstHour = new ArrayList<>();
    if (at.isPresent()) {
      Instant until = at.get().plus(Duration.ofHours(1));
      seen.timed.stream()
          .filter(use -> !use.time().isBefore(at.get()) && !use.time().isAfter(until))
          .sorted(Comparator.comparing(TimedOperation::time))
          .map(TimedOperation::operation)
          .distinct()
          .forEach(firstHour::add);
    }
    CredentialUse shown = first == null ? java.util.Objects.requireNonNull(seen.any) : first;
    FirstUse firstUse =
        new FirstUse(
            true,
            learnedFrom,
            learnedFrom,
            at,
            after,
            shown.sourceIp(),
            credential.creatorIp(),
            shown.userAgent(),
            String.join(", ", seen.sessions),
            shown.location(),
            shown.service().equals("Entra ID sign-in")
                ? shown.operation().replaceFirst("^sign-in to ", "")
                : shown.service(),
            shown.result(),
            firstHour,
            seen.count);
    List<String> reasons = new ArrayList<>();
    firstUse.soonFromElsewhere().ifPresent(reasons::add);
    at.flatMap(time -> unusualHour(credential, time)).ifPresent(reasons::add);
    return new Assessment(firstUse, reasons);
  }

  /** "first used at 03:00 UTC, an hour ..." when the creator is never active near that hour. */
  private Optional<String> unusualHour(Followed credential, Instant time) {
    int[] hours = creatorHours.get(principalKey(credential.creatorPrincipal()));
    if (hours == null || hours[24] < HOURS_NEED_RECORDS) {
      return Optional.empty();
    }
    int hour = time.atZone(ZoneOffset.UTC).getHour();
    for (int near = hour - 1; near <= hour + 1; near++) {
      if (hours[Math.floorMod(near, 24)] > 0) {
        return Optional.empty();
      }
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "first used at %02d:00 UTC; in %d records of the scanned logs, its creator was never"
                + " active within an hour of that time",
            hour,
            hours[24]));
  }

  private record TimedOperation(Instant time, String operation) {}

  /** What was seen of one followed credential. */
  private static final class Usage {
    final Followed credential;

    long count;

    /** The earliest timed use, after the credential was added. */
    @Nullable CredentialUse first;

    /** Sessions minted with the credential ("AssumeRole → ASIA..."), the first few. */
    final List<String> sessions = new ArrayList<>();

    /** Any use, for a credential whose uses carry no time. */
    @Nullable CredentialUse any;

    final List<TimedOperation> timed = new ArrayList<>();

    int sessionsFollowed;

    void addSession(String session) {
      if (sessions.size() < MAX_SESSIONS_SHOWN && !sessions.contains(session)) {
        sessions.add(session);
      }
    }

    Usage(Followed credential) {
      this.credential = credential;
    }

    void add(CredentialUse use) {
      Optional<Instant> created = credential.createdAt();
      if (use.time().isPresent()
          && created.isPresent()
          && use.time().get().isBefore(created.get().minus(Duration.ofMinutes(5)))) {
        // A record from before the credential existed is not a use of it.
        return;
      }
      count++;
      if (any == null) {
        any = use;
      }
      if (use.time().isEmpty()) {
        return;
      }
      CredentialUse earliest = first;
      if (earliest == null || use.time().get().isBefore(earliest.time().orElseThrow())) {
        first = use;
      }
      if (timed.size() < KEPT_USES) {
        timed.add(new TimedOperation(use.time().get(), use.service() + " " + use.operation()));
      }
    }
  }
}
