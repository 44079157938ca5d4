package io.credwatch.use;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.json.JsonLimits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UseReaderTest {
  private static JsonNode json(String text) throws Exception {
    return JsonLimits.defaultMapper().readTree(text);
  }

  @Test
  void consoleSignIn_isAUseOfTheUsersConsolePassword() throws Exception {
    List<CredentialUse> uses =
        UseReader.uses(
            json(
                "{\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\","
                    + "\"eventTime\":\"2026-11-20T10:30:00Z\",\"sourceIPAddress\":\"198.51.100.5\","
                    + "\"userIdentity\":{\"type\":\"IAMUser\",\"accountId\":\"111122223333\","
                    + "\"arn\":\"arn:aws:iam::111122223333:user/bob\",\"userName\":\"bob\"},"
                    + "\"responseElements\":{\"ConsoleLogin\":\"Failure\"}}"));
    assertThat(uses)
        .singleElement()
        .satisfies(
            use -> {
              assertThat(use.credentialId()).isEqualTo(Followed.consoleKey("111122223333", "bob"));
              assertThat(use.result()).isEqualTo("Failure");
              assertThat(use.time()).contains(Instant.parse("2026-11-20T10:30:00Z"));
            });
  }

  @Test
  void runInstances_withAKeyPair_isAUseOfIt_besidesTheCallersKey() throws Exception {
    List<CredentialUse> uses =
        UseReader.uses(
            json(
                "{\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"RunInstances\","
                    + "\"awsRegion\":\"eu-west-1\",\"recipientAccountId\":\"111122223333\","
                    + "\"userIdentity\":{\"accessKeyId\":\"AKIACALLER000000001\"},"
                    + "\"requestParameters\":{\"keyName\":\"ops-key\"}}"));
    assertThat(uses)
        .extracting(CredentialUse::credentialId)
        .containsExactly(
            "AKIACALLER000000001", Followed.keyPairKey("111122223333", "eu-west-1", "ops-key"));
  }

  @Test
  void aFailedSessionCall_mintsNothing() throws Exception {
    List<CredentialUse> uses =
        UseReader.uses(
            json(
                "{\"eventSource\":\"sts.amazonaws.com\",\"eventName\":\"AssumeRole\","
                    + "\"errorCode\":\"AccessDenied\",\"userIdentity\":{\"accessKeyId\":\"AKIA1\"},"
                    + "\"responseElements\":{\"credentials\":{\"accessKeyId\":\"ASIAFORGED\"}}}"));
    assertThat(uses)
        .singleElement()
        .satisfies(
            use -> {
              assertThat(use.result()).isEqualTo("AccessDenied");
              assertThat(use.mintedKeyId()).isEmpty();
            });
  }

  @Test
  void gcpHmacRequest_namesTheAccessIdInItsAuthenticationInfo() throws Exception {
    List<CredentialUse> uses =
        UseReader.uses(
            json(
                "{\"protoPayload\":{\"serviceName\":\"storage.googleapis.com\","
                    + "\"methodName\":\"storage.objects.get\",\"status\":{\"code\":7},"
                    + "\"authenticationInfo\":{\"principalEmail\":\"sa@p.iam.gserviceaccount.com\","
                    + "\"serviceAccountDelegationInfo\":[],"
                    + "\"principalSubject\":\"GOOG1EXAMPLEHMACACCESSID0001\"}},"
                    + "\"timestamp\":\"2026-11-20T12:00:00Z\"}"));
    assertThat(uses)
        .singleElement()
        .satisfies(
            use -> {
              assertThat(use.credentialId()).isEqualTo("GOOG1EXAMPLEHMACACCESSID0001");
              assertThat(use.result()).isEqualTo("status 7");
            });
  }

  @Test
  void graphServicePrincipalSignIn_isRead() throws Exception {
    List<CredentialUse> uses =
        UseReader.uses(
            json(
                "{\"createdDateTime\":\"2026-11-20T11:05:00Z\",\"ipAddress\":\"203.0.113.9\","
                    + "\"servicePrincipalCredentialKeyId\":\"KEY-1\",\"resourceDisplayName\":\"Graph\","
                    + "\"status\":{\"errorCode\":50126},\"location\":{\"countryOrRegion\":\"DE\"}}"));
    assertThat(uses)
        .singleElement()
        .satisfies(
            use -> {
              assertThat(use.credentialId()).isEqualTo("KEY-1");
              assertThat(use.result()).isEqualTo("error 50126");
              assertThat(use.location()).isEqualTo("DE");
              assertThat(use.operation()).isEqualTo("sign-in to Graph");
            });
  }

  @Test
  void recordsOfNoUse_giveNone() throws Exception {
    assertThat(UseReader.uses(json("{\"category\":\"AuditLogs\",\"properties\":{}}"))).isEmpty();
    assertThat(UseReader.uses(json("{\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"X\"}")))
        .isEmpty();
    assertThat(UseReader.uses(json("[1,2]"))).isEmpty();
  }

  @Test
  void needles_findAnyOfTheirStrings_ignoringAsciiCase() {
    Needles needles = new Needles(List.of("AKIAFOLLOWED00000001", "f3b8e2d1-3333", "alice"));
    assertThat(found(needles, "{\"accessKeyId\":\"akiafollowed00000001\"}")).isTrue();
    assertThat(found(needles, "xxF3B8E2D1-3333yy")).isTrue();
    assertThat(found(needles, "malice aforethought")).isTrue();
    assertThat(found(needles, "AKIAFOLLOWED0000000")).isFalse();
    assertThat(found(needles, "ali ce")).isFalse();
    assertThat(found(new Needles(List.of()), "anything")).isFalse();
    // An overlap that needs the failure links: "aab" inside "aaab".
    assertThat(found(new Needles(List.of("aab")), "aaab")).isTrue();
    byte[] data = "..alice..".getBytes(StandardCharsets.UTF_8);
    assertThat(needles.foundIn(data, 0, 5)).isFalse();
    assertThat(needles.foundIn(data, 2, 7)).isTrue();
  }

  private static boolean found(Needles needles, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return needles.foundIn(bytes, 0, bytes.length);
  }

  @Test
  void aKeyMintingASessionEveryMinute_isFollowedThroughItsFirstSessionsOnly() throws Exception {
    Followed key =
        new Followed(
            "akiafollowed00000001",
            "AKIAFOLLOWED00000001",
            io.credwatch.event.CredentialKind.ACCESS_KEY,
            java.util.Optional.of(Instant.parse("2026-11-20T10:00:00Z")),
            "198.51.100.1",
            "");
    FirstUseTracker tracker = new FirstUseTracker();
    tracker.follow(key);
    for (int minute = 0; minute < 3 * FirstUseTracker.MAX_SESSIONS_FOLLOWED; minute++) {
      tracker.offer(
          json(
              String.format(
                  "{\"eventSource\":\"sts.amazonaws.com\",\"eventName\":\"AssumeRole\","
                      + "\"eventTime\":\"%s\",\"userIdentity\":{\"accessKeyId\":"
                      + "\"AKIAFOLLOWED00000001\"},\"responseElements\":{\"credentials\":"
                      + "{\"accessKeyId\":\"ASIATEMP%012d\"}}}",
                  Instant.parse("2026-11-20T10:01:00Z").plusSeconds(60L * minute), minute)));
    }
    assertThat(tracker.sessionKeysFollowed()).isEqualTo(FirstUseTracker.MAX_SESSIONS_FOLLOWED);
    // Every use of the key itself still counts.
    var assessment = tracker.assess(key, "test");
    assertThat(assessment.firstUse().uses()).isEqualTo(3 * FirstUseTracker.MAX_SESSIONS_FOLLOWED);
  }
}
