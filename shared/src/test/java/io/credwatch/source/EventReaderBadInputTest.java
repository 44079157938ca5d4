package io.credwatch.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.json.JsonLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad input is a verdict with file and index, never an exception, never a hang. */
class EventReaderBadInputTest {
  private static final String GOOD = EventReaderTest.ACCESS_KEY_RECORD.replace("\n", "");

  private static List<Verdict> read(String json) {
    return new EventReader().read(json.getBytes(StandardCharsets.UTF_8), "bad.json");
  }

  private static List<Verdict> lines(String text) {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    List<Verdict> verdicts = new ArrayList<>();
    new EventReader()
        .readLines(data, 0, data.length, new EventReader.Cursor("bad.jsonl"), 1, verdicts::add);
    return verdicts;
  }

  private static Verdict.Malformed malformed(Verdict verdict) {
    assertThat(verdict).isInstanceOf(Verdict.Malformed.class);
    return (Verdict.Malformed) verdict;
  }

  @Test
  void emptyInput_isMalformed() {
    assertThat(malformed(read("").get(0)).reason()).contains("empty");
    assertThat(malformed(read("   \n ").get(0)).reason()).contains("empty");
  }

  @Test
  void nullRecord_isMalformed() {
    assertThat(malformed(read("null").get(0)).reason())
        .isEqualTo("record is null, not a JSON object");
    assertThat(malformed(read("[null]").get(0)).location().path()).isEqualTo("[0]");
  }

  @Test
  void scalarRecord_isMalformed() {
    assertThat(malformed(read("42").get(0)).reason())
        .isEqualTo("record is a number, not a JSON object");
    assertThat(malformed(read("\"text\"").get(0)).reason())
        .isEqualTo("record is a string, not a JSON object");
  }

  @Test
  void truncatedDocument_keepsWhatCameBefore() {
    String truncated = "{\"Records\":[" + GOOD + "," + GOOD.substring(0, 80);
    List<Verdict> verdicts = read(truncated);
    assertThat(verdicts).hasSize(2);
    assertThat(verdicts.get(0)).isInstanceOf(Verdict.Relevant.class);
    assertThat(malformed(verdicts.get(1)).reason()).contains("truncated");
    assertThat(verdicts.get(1).location().index()).isEqualTo(1);
  }

  @Test
  @Timeout(10)
  void deepNesting_isRefusedQuickly() {
    String deep = "[".repeat(200_000) + "]".repeat(200_000);
    assertThat(malformed(read(deep).get(0)).reason())
        .contains("safety limit")
        .contains("nesting depth");
  }

  @Test
  void oversizedString_isRefused() {
    JsonLimits small = new JsonLimits(100, 1000, 1 << 20, 1 << 20, 4);
    String big =
        "{\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"" + "x".repeat(5000) + "\"}";
    List<Verdict> verdicts =
        new EventReader(small).read(big.getBytes(StandardCharsets.UTF_8), "big.json");
    assertThat(malformed(verdicts.get(0)).reason()).contains("safety limit");
  }

  @Test
  void wronglyTypedFields_areMalformedWithThePath_whenTheyDecideTheShape() {
    // The fields that name a record's shape and operation are read while streaming: without
    // them there is no record to degrade.
    assertThat(
            malformed(
                    read(GOOD.replace("\"eventName\":\"CreateAccessKey\"", "\"eventName\":12"))
                        .get(0))
                .reason())
        .contains("eventName should be text but is a number");
    assertThat(malformed(read("{\"Records\":\"oops\"}").get(0)).reason())
        .contains("Records should be an array");
    assertThat(malformed(read("{\"protoPayload\":\"oops\",\"insertId\":\"1\"}").get(0)).reason())
        .contains("protoPayload should be an object");
  }

  @Test
  void aWronglyTypedField_isSetAside_theRecordReadWithoutIt_andItNeverActs() {
    for (String[] change :
        new String[][] {
          {
            "\"userIdentity\":{",
            "\"userIdentity\":\"me\",\"x\":{",
            "userIdentity should be an object but is a string"
          },
          {
            "\"requestParameters\":{\"userName\":\"bob\"}",
            "\"requestParameters\":[1,2]",
            "requestParameters should be an object but is an array"
          }
        }) {
      List<Verdict> verdicts = read(GOOD.replace(change[0], change[1]));
      assertThat(verdicts).singleElement().isInstanceOf(Verdict.Relevant.class);
      var event = ((Verdict.Relevant) verdicts.get(0)).events().get(0);
      assertThat(event.credential().id()).isEqualTo("AKIANEWKEY");
      assertThat(event.attribute(io.credwatch.event.CredentialEvent.DEGRADED_INPUT))
          .contains(change[2]);

      var finding = io.credwatch.testing.Fixtures.detector().detect(event).get(0);
      assertThat(finding.reasons()).anySatisfy(reason -> assertThat(reason).contains(change[2]));
      assertThat(new io.credwatch.respond.RemediationPlanner().plan(finding))
          .isInstanceOfSatisfying(
              io.credwatch.respond.RemediationPlan.None.class,
              none -> assertThat(none.reason()).contains("never acts on it"));
    }
  }

  @Test
  void jsonLines_truncatedLine_isReportedAndTheNextLineStillRead() {
    List<Verdict> verdicts = lines(GOOD + "\n" + GOOD.substring(0, 100) + "\n" + GOOD + "\n");
    assertThat(verdicts).hasSize(3);
    assertThat(verdicts.get(0)).isInstanceOf(Verdict.Relevant.class);
    assertThat(malformed(verdicts.get(1)).location().line()).isEqualTo(2);
    assertThat(verdicts.get(2)).isInstanceOf(Verdict.Relevant.class);
    assertThat(verdicts).extracting(v -> v.location().index()).containsExactly(0L, 1L, 2L);
    assertThat(verdicts).extracting(v -> v.location().line()).containsExactly(1, 2, 3);
  }

  @Test
  void jsonLines_aTruncatedLineCannotSwallowTheNextRecord() {
    // '{"x":' on one line and a record plus '}' on the next parse as ONE valid object; JSON lines
    // must not let that hide the record. Line 2 then holds a good record and trailing garbage:
    // both are reported.
    List<Verdict> verdicts = lines("{\"x\":\n" + GOOD + "}\n" + GOOD + "\n");
    assertThat(verdicts)
        .extracting(v -> v.getClass().getSimpleName())
        .containsExactly("Malformed", "Relevant", "Malformed", "Relevant");
    assertThat(verdicts).extracting(v -> v.location().line()).containsExactly(1, 2, 2, 3);
    assertThat(verdicts).extracting(v -> v.location().index()).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void jsonLines_garbageAndBlankLines() {
    List<Verdict> verdicts =
        lines(GOOD + "\nnot json\n\n   \n" + GOOD + " trailing\n" + GOOD + "\n");
    assertThat(verdicts)
        .extracting(v -> v.getClass().getSimpleName())
        .containsExactly("Relevant", "Malformed", "Relevant", "Malformed", "Relevant");
    assertThat(verdicts).extracting(v -> v.location().index()).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(verdicts.get(3).location().line()).isEqualTo(5);
    assertThat(verdicts.get(4).location().line()).isEqualTo(6);
  }

  @Test
  void jsonLines_returnsTheNextLineNumber() {
    byte[] data = (GOOD + "\n" + GOOD + "\n").getBytes(StandardCharsets.UTF_8);
    int next =
        new EventReader().readLines(data, 0, data.length, new EventReader.Cursor("f"), 10, v -> {});
    assertThat(next).isEqualTo(12);
  }

  @Test
  void malformedRecordInAnEnvelope_doesNotStopTheOthers() {
    String batch = "{\"Records\":[" + GOOD + ",null,17," + GOOD + "]}";
    List<Verdict> verdicts = read(batch);
    assertThat(verdicts)
        .extracting(v -> v.getClass().getSimpleName())
        .containsExactly("Relevant", "Malformed", "Malformed", "Relevant");
  }

  @Test
  void anEmptyRecordsList_isARecordOfItsOwn_andARealRecordCarryingOneIsStillRead() {
    assertThat(read("{\"Records\":[]}")).singleElement().isInstanceOf(Verdict.Ignored.class);
    String record = EventReaderTest.ACCESS_KEY_RECORD.replaceFirst("\\{", "{\"Records\":[],");
    assertThat(read(record)).singleElement().isInstanceOf(Verdict.Relevant.class);
  }

  @Test
  void aPastedPrivateKey_isMalformed_withoutQuotingTheKey() {
    String pem = "MIIEowIBAAKCAQEAq7BFUpkGp3+LQmlQYf7x9Rk2mVh4PsmqAy1eB7a9Zx";
    List<Verdict> verdicts =
        lines(GOOD + "\n" + pem + "\n" + "{\"a\": tr" + "x".repeat(40) + "}\n");

    assertThat(verdicts).hasSize(3);
    assertThat(malformed(verdicts.get(1)).reason())
        .doesNotContain("MIIEow")
        .doesNotContain(pem.substring(10, 30))
        .contains("key material");
    assertThat(malformed(verdicts.get(2)).reason()).doesNotContain("x".repeat(20));
  }
}
