package io.credwatch.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where values begin and end: documents, JSON lines, streams read in chunks. */
class FramingTest {
  private static final String GOOD = EventReaderTest.ACCESS_KEY_RECORD.replace("\n", "");
  private static final String NOISE =
      "{\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\"}";

  private static boolean looksLikeJsonLines(String head) {
    return new EventReader().looksLikeJsonLines(head.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Verdict> stream(String name, String content) throws IOException {
    List<Verdict> verdicts = new ArrayList<>();
    boolean empty =
        new EventReader()
            .readStream(
                new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
                name,
                new EventReader.Cursor(name),
                verdicts::add);
    assertThat(empty).isEqualTo(content.isEmpty());
    return verdicts;
  }

  @Test
  void jsonLinesDetection() {
    assertThat(looksLikeJsonLines("{\"a\":1}\n{\"b\":2}\n")).isTrue();
    assertThat(looksLikeJsonLines("{\"a\":1}\n\n[1]\n")).isTrue();
    assertThat(looksLikeJsonLines("{\n  \"Records\": [\n")).isFalse();
    assertThat(looksLikeJsonLines("{\"a\":1}")).isFalse();
    assertThat(looksLikeJsonLines("[\n{\"a\":1},\n{\"b\":2}\n]")).isFalse();
  }

  @Test
  void aBrokenLine_isReportedAlone_withItsLine_andTheLinesAroundItStand() throws IOException {
    List<Verdict> verdicts =
        stream("mixed.log", NOISE + "\n" + GOOD + "\n{\"eventSource\": \"iam.amaz\n" + GOOD + "\n");

    assertThat(verdicts).extracting(v -> v.location().line()).containsExactly(1, 2, 3, 4);
    assertThat(verdicts).extracting(v -> v.location().index()).containsExactly(0L, 1L, 2L, 3L);
    assertThat(verdicts.get(0)).isInstanceOf(Verdict.Ignored.class);
    assertThat(verdicts.get(1)).isInstanceOf(Verdict.Relevant.class);
    assertThat(verdicts.get(2)).isInstanceOf(Verdict.Malformed.class);
    assertThat(verdicts.get(3)).isInstanceOf(Verdict.Relevant.class);
  }

  @Test
  void aValueSpanningLines_inJsonLines_isReadLineByLine() throws IOException {
    // The first line is cut short, so the parser would read the second line as its continuation.
    List<Verdict> verdicts = stream("cut.jsonl", "{\"eventSource\": \n" + GOOD + "\n" + NOISE);

    assertThat(verdicts).extracting(v -> v.location().line()).containsExactly(1, 2, 3);
    assertThat(verdicts.get(0)).isInstanceOf(Verdict.Malformed.class);
    assertThat(verdicts.get(1)).isInstanceOf(Verdict.Relevant.class);
    assertThat(verdicts.get(2)).isInstanceOf(Verdict.Ignored.class);
  }

  @Test
  void aPrettyPrintedDocument_isOneDocument_andAnEmptyStreamSaysSo() throws IOException {
    List<Verdict> verdicts =
        stream("trail.json", "{\n  \"Records\": [\n    " + GOOD + ",\n    " + NOISE + "\n  ]\n}\n");
    assertThat(verdicts).hasSize(2);
    assertThat(verdicts.get(0).location().path()).isEqualTo("Records[0]");
    assertThat(verdicts.get(1).location().path()).isEqualTo("Records[1]");

    assertThat(stream("empty.json", "")).isEmpty();
  }
}
