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

  @Test
  void aLimitViolation_skipsExactlyItsLine_withoutReReadingTheLinesBefore() throws IOException {
    // Too deep, and too long a number: Jackson's constraint errors carry no usable position.
    String tooDeep = "[".repeat(150) + "]".repeat(150);
    String longNumber = "{\"n\":" + "9".repeat(2000) + "}";
    List<Verdict> verdicts =
        stream(
            "limits.jsonl",
            GOOD + "\n" + NOISE + "\n" + tooDeep + "\n" + GOOD + "\n" + longNumber + "\n" + NOISE);

    assertThat(verdicts).extracting(v -> v.location().line()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(verdicts)
        .extracting(v -> v.location().index())
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    assertThat(verdicts)
        .extracting(v -> v.getClass().getSimpleName())
        .containsExactly("Relevant", "Ignored", "Malformed", "Relevant", "Malformed", "Ignored");
  }

  @Test
  void thirtyThousandAdversarialLines_giveOneVerdictEach() throws IOException {
    // Each line breaks a different limit or never closes; the reader once re-read the lines before
    // every violation, giving millions of verdicts (and minutes) for a 2 MB file.
    String[] hostile = {
      "[".repeat(120),
      "{\"n\":" + "1".repeat(1500) + "}",
      "{\"a\":[",
      "\"unterminated",
      "{\"a\":[0,"
    };
    StringBuilder content = new StringBuilder();
    int lines = 30_000;
    for (int i = 0; i < lines; i++) {
      content.append(i % 10 == 9 ? GOOD : hostile[i % hostile.length]).append('\n');
    }
    List<Verdict> verdicts = stream("hostile.jsonl", content.toString());

    assertThat(verdicts).hasSize(lines);
    assertThat(verdicts).extracting(v -> v.location().line()).doesNotHaveDuplicates();
    assertThat(verdicts.stream().filter(Verdict.Relevant.class::isInstance)).hasSize(lines / 10);
  }

  /** Limits under which documents above 256 KiB are streamed, and records cap at 64 KiB. */
  private static final io.credwatch.json.JsonLimits STREAMED =
      new io.credwatch.json.JsonLimits(100, 16 << 20, 64 << 10, 256 << 10, 4);

  private static List<Verdict> streamWith(
      io.credwatch.json.JsonLimits limits, String name, String content) throws IOException {
    List<Verdict> verdicts = new ArrayList<>();
    new EventReader(limits)
        .readStream(
            new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
            name,
            new EventReader.Cursor(name),
            verdicts::add);
    return verdicts;
  }

  @Test
  void aDocumentTooLargeToHold_isStreamedRecordByRecord_asAnArrayOrAnEnvelope() throws IOException {
    int records = 6_000;
    StringBuilder elements = new StringBuilder();
    for (int i = 0; i < records; i++) {
      elements.append(i == 0 ? "  " : ",\n  ").append(i % 100 == 7 ? GOOD : NOISE);
    }
    String array = "[\n" + elements + "\n]";
    assertThat(array.length()).isGreaterThan(256 << 10);

    for (String document :
        List.of(array, "{\"@odata.context\":\"x\",\"value\":" + array + ",\"next\":null}")) {
      List<Verdict> verdicts = streamWith(STREAMED, "big.json", document);

      assertThat(verdicts).hasSize(records);
      assertThat(verdicts.stream().filter(Verdict.Relevant.class::isInstance)).hasSize(60);
      assertThat(verdicts.get(7)).isInstanceOf(Verdict.Relevant.class);
      assertThat(verdicts.get(7).location().line()).isEqualTo(9);
      assertThat(verdicts.get(7).location().path()).endsWith("[7]");
      assertThat(verdicts).extracting(v -> v.location().index()).doesNotHaveDuplicates();
    }
  }

  @Test
  void aStreamedDocument_reportsAnOversizedRecordAndABreak_andKeepsWhatCameBefore()
      throws IOException {
    StringBuilder document = new StringBuilder("[");
    for (int i = 0; i < 3000; i++) {
      document.append(NOISE).append(",\n");
    }
    document.append("{\"pad\":\"").append("x".repeat(100 << 10)).append("\"},\n");
    document.append(GOOD).append(",\n");
    document.append("{\"broken\": tru");

    List<Verdict> verdicts = streamWith(STREAMED, "cut.json", document.toString());

    assertThat(verdicts).hasSize(3003);
    assertThat(((Verdict.Malformed) verdicts.get(3000)).reason())
        .contains("longer than 65536 bytes");
    assertThat(verdicts.get(3001)).isInstanceOf(Verdict.Relevant.class);
    assertThat(((Verdict.Malformed) verdicts.get(3002)).reason())
        .contains("the rest of this input was skipped");
  }

  @Test
  void aLoneCarriageReturn_doesNotShiftTheLinesAfterIt() throws IOException {
    // JSON parsers count a bare CR as a line break; JSON lines are split at LF only.
    List<Verdict> verdicts =
        stream("cr.jsonl", NOISE + "\n\r" + NOISE + "\n" + GOOD + "\r\n" + NOISE + "\n");

    assertThat(verdicts).extracting(v -> v.location().line()).containsExactly(1, 2, 3, 4);
    assertThat(verdicts.get(2)).isInstanceOf(Verdict.Relevant.class);
  }
}
