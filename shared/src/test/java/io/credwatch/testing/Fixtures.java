package io.credwatch.testing;

import io.credwatch.detect.Detector;
import io.credwatch.detect.Finding;
import io.credwatch.detect.Suppressions;
import io.credwatch.event.CredentialEvent;
import io.credwatch.respond.RemediationActions;
import io.credwatch.rule.RuleLoader;
import io.credwatch.rule.RuleSet;
import io.credwatch.source.EventReader;
import io.credwatch.source.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Shared helpers for tests: the built-in rules, a fixed clock, reading inputs end to end. */
public final class Fixtures {
  /** A fixed instant for every test clock. */
  public static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static final RuleSet RULES = new RuleLoader(new RemediationActions()).loadBuiltIn();

  private Fixtures() {}

  public static RuleSet rules() {
    return RULES;
  }

  public static Detector detector() {
    return new Detector(RULES, Suppressions.none(), CLOCK);
  }

  /** Every verdict for a payload. */
  public static List<Verdict> read(String json) {
    return EventReader.forArchives().read(json.getBytes(StandardCharsets.UTF_8), "test");
  }

  /** The events of a payload that must yield exactly one relevant verdict. */
  public static List<CredentialEvent> events(String json) {
    List<CredentialEvent> events = new ArrayList<>();
    for (Verdict verdict : read(json)) {
      if (verdict instanceof Verdict.Relevant relevant) {
        events.addAll(relevant.events());
      } else {
        throw new AssertionError("expected a credential operation, got " + verdict);
      }
    }
    return events;
  }

  /** The single event of a payload. */
  public static CredentialEvent event(String json) {
    List<CredentialEvent> events = events(json);
    if (events.size() != 1) {
      throw new AssertionError("expected one event, got " + events.size() + ": " + events);
    }
    return events.get(0);
  }

  /** Every finding for a payload, with the built-in rules. */
  public static List<Finding> findings(String json) {
    Detector detector = detector();
    List<Finding> findings = new ArrayList<>();
    for (Verdict verdict : read(json)) {
      if (verdict instanceof Verdict.Relevant relevant) {
        relevant.events().forEach(event -> findings.addAll(detector.detect(event)));
      }
    }
    return findings;
  }

  /** The one finding of a payload. */
  public static Finding finding(String json) {
    List<Finding> findings = findings(json);
    if (findings.size() != 1) {
      throw new AssertionError("expected one finding, got " + findings.size() + ": " + findings);
    }
    return findings.get(0);
  }

  /** The alert of a payload's one finding, as a function would send it (remediation dry-run). */
  public static io.credwatch.alert.Alert alert(String json) {
    return finding(json)
        .toAlert(
            new io.credwatch.alert.Alert.Remediation(
                "dry-run", "", "dry-run", "verified; would act in enforce mode", "", List.of()),
            NOW,
            false);
  }

  /** A test resource as text. */
  public static String resource(String name) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new AssertionError("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }

  /** The repository root (the folder holding the parent pom). */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.exists(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("shared"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new AssertionError(
        "cannot find the repository root from " + Path.of("").toAbsolutePath());
  }
}
