package io.credwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.credwatch.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertRenderingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path GOLDEN = Path.of("src/test/resources/golden/teams-card.json");
  private static final String HOSTILE_AGENT =
      "**pwned** [open](https://evil.example/x) <at>Security Team</at>\nfake line\u202E";

  @Test
  void alertId_isDeterministicAndDistinguishesCredentials() {
    Alert first = AlertsForTests.standard();
    Alert again = AlertsForTests.standard();
    assertThat(first.id()).isEqualTo(again.id()).matches("cw1-[0-9a-f]{32}");
    Alert otherKey =
        AlertsForTests.alert(
            AlertsForTests.createAccessKey("bob", "x")
                .replace("AKIAEXAMPLENEWKEY001", "AKIAEXAMPLENEWKEY002"));
    assertThat(otherKey.id()).isNotEqualTo(first.id());
  }

  @Test
  void json_conformsToTheSchemaAndCarriesTheContractFields() throws Exception {
    Alert alert = AlertsForTests.standard();
    JsonNode node = JSON.readTree(AlertJson.render(alert));
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(Fixtures.resource("schemas/alert.schema.json"));
    assertThat(schema.validate(node)).isEmpty();
    assertThat(node.path("credential").path("id").asText()).isEqualTo("AKIAEXAMPLENEWKEY001");
    assertThat(node.path("credential").path("kind").asText()).isEqualTo("access-key");
    assertThat(node.path("sourceIp").asText()).isEqualTo("203.0.113.7");
    assertThat(node.path("attack").path("technique").asText()).isEqualTo("T1098.001");
    assertThat(node.path("remediation").path("outcome").asText()).isEqualTo("applied");
    assertThat(node.path("detectedAt").asText()).isEqualTo("2026-11-23T12:00:00Z");
    assertThat(node.path("reasons")).isNotEmpty();
    assertThat(node.path("suppression").isNull()).isTrue();
  }

  @Test
  void subject_isShortSingleLineAndNeutralised() {
    Alert hostile =
        AlertsForTests.alert(
            AlertsForTests.createAccessKey(
                "bob\r\nSubject: fake " + "x".repeat(200), HOSTILE_AGENT));
    String subject = AlertText.subject(hostile);
    assertThat(subject.length()).isLessThan(100);
    assertThat(subject)
        .doesNotContainPattern("[\\p{Cntrl}]")
        .startsWith(
            "[CredWatch HIGH] aws access-key AKIAEXAMPLENEWKEY001 added to bob\\r\\nSubject");
    String standard = AlertText.subject(AlertsForTests.standard());
    assertThat(standard)
        .hasSize(AlertText.MAX_SUBJECT)
        .startsWith(
            "[CredWatch HIGH] aws access-key AKIAEXAMPLENEWKEY001 added to bob by arn:aws:iam::")
        .endsWith("…");
  }

  @Test
  void textBody_neutralisesTheUserAgent() {
    String body =
        AlertText.body(AlertsForTests.alert(AlertsForTests.createAccessKey("bob", HOSTILE_AGENT)));
    assertThat(body.lines()).noneMatch(line -> line.startsWith("fake line"));
    assertThat(body)
        .contains("hxxps://evil.example")
        .doesNotContain("https://evil.example")
        .doesNotContain("\u202E");
  }

  @Test
  void teamsCard_matchesTheGoldenCard() throws Exception {
    JsonNode card = TeamsCard.message(AlertsForTests.standard());
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(
          GOLDEN,
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(card) + "\n",
          StandardCharsets.UTF_8);
    }
    assertThat(card).isEqualTo(JSON.readTree(GOLDEN.toFile()));
  }

  private static final Path FIRST_USE_GOLDEN =
      Path.of("src/test/resources/golden/teams-card-first-use.json");

  /** The card of the alert above once its key was used: what the on-call engineer sees next. */
  static Alert firstUseOfTheStandardAlert() {
    Alert alert = AlertsForTests.standard();
    Instant at = alert.eventTime().orElseThrow().plus(Duration.ofMinutes(4));
    return alert.withFirstUse(
        new FirstUse(
            true,
            FirstUse.FROM_SCAN,
            FirstUse.FROM_SCAN,
            Optional.of(at),
            Optional.of(Duration.ofMinutes(4)),
            "198.51.100.99",
            "203.0.113.7",
            "Boto3/1.35.0 md/Botocore#1.35.0",
            "AssumeRole → ASIAEXAMPLESESSION01",
            "",
            "",
            "success",
            List.of(
                "sts.amazonaws.com GetCallerIdentity",
                "secretsmanager.amazonaws.com ListSecrets",
                "secretsmanager.amazonaws.com GetSecretValue",
                "sts.amazonaws.com AssumeRole"),
            7),
        List.of(
            "first used 4 min after it was added, from 198.51.100.99, not from 203.0.113.7 where"
                + " it was added"));
  }

  @Test
  void teamsCard_ofAFirstUse_matchesItsGoldenCard() throws Exception {
    JsonNode card = TeamsCard.message(firstUseOfTheStandardAlert());
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(
          FIRST_USE_GOLDEN,
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(card) + "\n",
          StandardCharsets.UTF_8);
    }
    assertThat(card).isEqualTo(JSON.readTree(FIRST_USE_GOLDEN.toFile()));
    assertThat(card.toString())
        .contains("First use")
        .contains("4 min after it was added")
        .contains("First hour")
        .contains("Sessions minted");
    assertThat(AlertAttributes.of(firstUseOfTheStandardAlert(), "account"))
        .containsEntry("phase", "first-use");
    assertThat(AlertAttributes.of(AlertsForTests.standard(), "account"))
        .containsEntry("phase", "detection");
  }

  @Test
  void teamsCard_isAWorkflowsMessageWithAnAdaptiveCard() {
    JsonNode message = TeamsCard.message(AlertsForTests.standard());
    assertThat(message.path("type").asText()).isEqualTo("message");
    JsonNode attachment = message.path("attachments").get(0);
    assertThat(attachment.path("contentType").asText())
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    JsonNode card = attachment.path("content");
    assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.path("version").asText()).isEqualTo("1.4");
    String text = card.toString();
    assertThat(text)
        .contains("AKIAEXAMPLENEWKEY001")
        .contains("alice")
        .contains("203.0.113.7")
        .contains("applied")
        .contains("aws iam update-access-key --user-name bob");
    assertThat(card.path("actions"))
        .allSatisfy(action -> assertThat(action.path("url").asText()).startsWith("https://"));
  }

  @Test
  void teamsCard_attackerTextCannotInjectMarkupLinksOrMentions() {
    JsonNode card =
        TeamsCard.message(
            AlertsForTests.alert(AlertsForTests.createAccessKey("<at>bob</at>", HOSTILE_AGENT)));
    String text = card.toString();
    assertThat(text)
        .doesNotContain("<at>")
        .doesNotContain("</at>")
        .doesNotContain("**pwned**")
        .doesNotContain("[open](")
        .doesNotContain("https://evil.example");
    assertThat(card.path("msteams").path("entities").isMissingNode())
        .as("no mention entities are ever declared")
        .isTrue();
  }

  @Test
  void teamsCard_staysUnderTheSizeLimit() {
    Alert huge = AlertsForTests.alert(AlertsForTests.createAccessKey("bob", "A".repeat(15_000)));
    String rendered = TeamsCard.render(huge);
    assertThat(rendered.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(TeamsCard.MAX_BYTES);
    assertThat(rendered).contains("AKIAEXAMPLENEWKEY001");
  }

  @Test
  void teamsCard_countsButtonUrls_andSaysWhichItLeftOut() {
    // A 100 KB user name reaches the console links' URLs, which once escaped the size guard.
    Alert huge =
        AlertsForTests.alert(AlertsForTests.createAccessKey("bob" + "x".repeat(100_000), "x"));
    assertThat(huge.links()).anySatisfy(link -> assertThat(link.url()).hasSizeGreaterThan(100_000));

    String rendered = TeamsCard.render(huge);

    assertThat(rendered.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(TeamsCard.MAX_BYTES);
    assertThat(rendered)
        .contains("AKIAEXAMPLENEWKEY001")
        .contains("left out to fit Teams' size limit");
  }

  @Test
  void consoleLinks_encodeValuesAndRefuseOddRegions() {
    Alert alert =
        AlertsForTests.alert(
            AlertsForTests.createAccessKey("bob#x?y=1", "x")
                .replace("\"us-east-1\"", "\"evil.example/a#\""));
    assertThat(alert.links())
        .isNotEmpty()
        .allSatisfy(
            link -> {
              assertThat(link.url()).startsWith("https://us-east-1.console.aws.amazon.com/");
              assertThat(link.url()).doesNotContain("evil.example");
            });
    assertThat(alert.links().get(0).url())
        .contains("/users/details/bob%23x%3Fy%3D1?section=security_credentials");
  }
}
