package io.credwatch.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimestampsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2024-11-19T00:49:55.301834867Z|2024-11-19T00:49:55.301834867Z",
        "2022-01-22T18:22:41.5091873+00:00|2022-01-22T18:22:41.509187300Z",
        "2026-11-20T10:15:02.123+02:00|2026-11-20T08:15:02.123Z",
        "2022-09-27 17:09:18|2022-09-27T17:09:18Z",
        "2023-01-03 01:52:07.000000000|2023-01-03T01:52:07Z",
        "2025-01-15 09:30:20.123|2025-01-15T09:30:20.123Z",
        "Sep 27, 2022 5:09:18 PM|2022-09-27T17:09:18Z",
        "Nov 30, 2024, 8:43:17 PM|2024-11-30T20:43:17Z",
        "Jan 8, 2020 8:43:06 AM|2020-01-08T08:43:06Z",
        "Jan 01, 2019 0:00:00 PM|2019-01-01T12:00:00Z",
        "Dec 31, 2025 12:30:00 AM|2025-12-31T00:30:00Z",
        "1763633700|2025-11-20T10:15:00Z",
        "1763633700123|2025-11-20T10:15:00.123Z",
        "2024-12-08 02:17:54.905561 UTC|2024-12-08T02:17:54.905561Z",
        "1.7336242749059E9|2024-12-08T02:17:54.905900Z",
        "1733624274.5|2024-12-08T02:17:54.500Z"
      })
  void parse_knownForms_giveTheInstant(String text, String expected) {
    assertThat(Timestamps.parse(text)).contains(Instant.parse(expected));
  }

  @ParameterizedTest
  @CsvSource({
    "''",
    "yesterday",
    "2022-13-45 99:99:99",
    "Foo 12, 2020 1:00:00 PM",
    "9.9E99",
    "' UTC'"
  })
  void parse_unrecognised_isEmpty(String text) {
    assertThat(Timestamps.parse(text)).isEmpty();
  }

  @Test
  void parse_protobufSeconds_isTheInstant() throws Exception {
    var node = new ObjectMapper().readTree("{\"seconds\": 253402300799, \"nanos\": 5}");
    assertThat(Timestamps.parse(node)).contains(Instant.ofEpochSecond(253402300799L, 5));
  }

  @Test
  void protobufTimestampsOutOfRange_areNoTime_notExceptions() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = io.credwatch.json.JsonLimits.defaultMapper();
    for (String value :
        List.of(
            "{\"seconds\": 1e400}",
            "{\"seconds\": 99999999999999999999}",
            "{\"seconds\": 9223372036854775807}",
            "{\"seconds\": \"-9223372036854775808\"}",
            "{\"seconds\": 1, \"nanos\": 5000000000}",
            "{\"seconds\": 1, \"nanos\": -1}",
            "{\"seconds\": \"x\"}",
            "{\"seconds\": \"-\"}",
            "{\"seconds\": \"1.\"}",
            "{\"seconds\": \".5\"}",
            "{\"seconds\": \"1.2.3\"}",
            "{\"seconds\": \"1e5\"}",
            "{\"seconds\": \"-.5\"}")) {
      assertThat(Timestamps.parse(json.readTree(value))).as(value).isEmpty();
    }
    assertThat(Timestamps.parse(json.readTree("{\"seconds\": \"1732101300\", \"nanos\": 5}")))
        .contains(java.time.Instant.ofEpochSecond(1732101300, 5));
    assertThat(Timestamps.parse(json.readTree("{\"seconds\": \"-1.5\"}")))
        .contains(java.time.Instant.ofEpochSecond(-2, 500_000_000));
    // Exports write whole seconds as floats (the corpus's Panther sample does).
    assertThat(Timestamps.parse(json.readTree("{\"seconds\": 1678377036.0}")))
        .contains(java.time.Instant.ofEpochSecond(1678377036));
    assertThat(Timestamps.parse(json.readTree("{\"seconds\": 1678377036.25}")))
        .contains(java.time.Instant.ofEpochSecond(1678377036, 250_000_000));
  }
}
