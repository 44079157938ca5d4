package io.credwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.event.CredentialKind;
import io.credwatch.source.EventReader;
import io.credwatch.source.RecordSpans;
import io.credwatch.testing.Fixtures;
import io.credwatch.use.FirstUseTracker;
import io.credwatch.use.Followed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second read finds records by the offsets the first read noted: it must pick exactly the
 * records, in the same places, that framing the input again picks, on every example and corpus
 * file; and an input without offsets of its own (JSON lines, a body inside a string) has none.
 */
class RecordLayoutTest {
  private static final Path ROOT = Fixtures.repositoryRoot();
  private final InputReader reader = new InputReader(EventReader.forArchives(), 1L << 30, true);

  @Test
  void recordsFoundByOffsets_areTheRecordsFramingFinds_onEveryExampleAndCorpusFile()
      throws IOException {
    // A needle every record holds, so that every record is picked and compared.
    FirstUseTracker.Prefilter everyRecord = prefilterFor("\"");
    List<Path> files = new ArrayList<>();
    for (Path folder : List.of(ROOT.resolve("examples/events"), ROOT.resolve("../shared/corpus"))) {
      try (Stream<Path> walk = Files.walk(folder.normalize())) {
        walk.filter(Files::isRegularFile)
            .filter(p -> Scanner.isScannableName(p.getFileName().toString()))
            .forEach(files::add);
      }
    }
    int laidOut = 0;
    long recordsCompared = 0;
    for (Path file : files) {
      Optional<RecordSpans.Layout> layout = layoutOf(file);
      if (layout.isEmpty()) {
        continue;
      }
      laidOut++;
      InputReader.UseCandidates byOffsets =
          reader.pickUseCandidates(file.toString(), file, everyRecord, layout.get());
      InputReader.UseCandidates framed =
          reader.pickUseCandidates(file.toString(), file, everyRecord, null);
      assertThat(describe(byOffsets)).as(file.toString()).isEqualTo(describe(framed));
      recordsCompared += framed.records().size();
    }
    assertThat(laidOut).isGreaterThan(20);
    assertThat(recordsCompared).isGreaterThan(100);
  }

  @Test
  void aCloudTrailLogFile_isLaidOut_jsonLinesAndBodiesInStrings_areNot(@TempDir Path directory)
      throws IOException {
    Path document = directory.resolve("trail.json");
    Files.writeString(
        document, "{\"Records\":[{\"eventName\":\"A\"},\n  {\"eventName\":\"B\"} ,{\"x\":[1]}]}");
    RecordSpans.Layout layout = layoutOf(document).orElseThrow();
    String text = Files.readString(document);
    assertThat(layout.records()).isEqualTo(3);
    assertThat(text.substring(layout.start(1), layout.end(1))).isEqualTo("{\"eventName\":\"B\"}");
    assertThat(text.substring(layout.start(2), layout.end(2))).isEqualTo("{\"x\":[1]}");

    Path lines = directory.resolve("trail.jsonl");
    Files.writeString(lines, "{\"eventName\":\"A\"}\n{\"eventName\":\"B\"}\n");
    assertThat(layoutOf(lines)).isEmpty();

    Path sqs = directory.resolve("sqs.json");
    Files.writeString(
        sqs,
        "{\"Records\":[{\"messageId\":\"1\",\"eventSource\":\"aws:sqs\","
            + "\"body\":\"{\\\"eventName\\\":\\\"A\\\"}\"}]}");
    assertThat(layoutOf(sqs)).isEmpty();
  }

  @Test
  void anInputThatChangedLength_isFramedAgain(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("trail.json");
    Files.writeString(file, "{\"Records\":[{\"eventName\":\"A\"},{\"eventName\":\"B\"}]}");
    RecordSpans.Layout layout = layoutOf(file).orElseThrow();
    Files.writeString(file, "{\"Records\":[{\"eventName\":\"AAAA\"},{\"eventName\":\"B\"}]}");
    InputReader.UseCandidates picked =
        reader.pickUseCandidates(file.toString(), file, prefilterFor("\""), layout);
    assertThat(describe(picked))
        .containsExactly("0 {\"eventName\":\"AAAA\"}", "1 {\"eventName\":\"B\"}");
  }

  private Optional<RecordSpans.Layout> layoutOf(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return reader.readVerdicts(file.toString(), in, verdict -> {});
    }
  }

  private static FirstUseTracker.Prefilter prefilterFor(String needle) {
    FirstUseTracker tracker = new FirstUseTracker();
    tracker.follow(new Followed("k", needle, CredentialKind.ACCESS_KEY, Optional.empty(), "", ""));
    return tracker.prefilter();
  }

  private static List<String> describe(InputReader.UseCandidates candidates) {
    assertThat(candidates.unreadable()).isEmpty();
    assertThat(candidates.lookHere()).isFalse();
    return candidates.records().stream()
        .map(c -> c.index() + " " + new String(c.bytes(), StandardCharsets.UTF_8))
        .toList();
  }
}
