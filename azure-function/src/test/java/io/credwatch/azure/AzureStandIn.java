package io.credwatch.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.http.BearerRest;
import io.credwatch.local.AzureApis;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;

/**
 * The local cloud's stand-in for the managed-identity endpoint, Graph, ARM and a Teams webhook
 * ({@link AzureApis}) on a free port, with what the tests read from it.
 */
final class AzureStandIn extends AzureApis {
  static final String IDENTITY_HEADER = "test-identity-header";

  /** The function app's own service principal, as the oid of the tokens this stand-in issues. */
  static final String OWN_OBJECT_ID = "0f0e0d0c-0b0a-4909-8807-060504030201";

  /** Every Graph and ARM call so far (see {@link AzureApis#calls()}). */
  final List<String> calls = calls();

  /** Every message posted to the webhook so far. */
  final List<JsonNode> teamsPosts = teamsPosts();

  AzureStandIn() throws IOException {
    super(0, IDENTITY_HEADER, OWN_OBJECT_ID);
  }

  /** A REST client for this stand-in's Graph and ARM, with a managed-identity token from it. */
  BearerRest rest() {
    HttpClient http = HttpClient.newHttpClient();
    ManagedIdentityToken tokens = new ManagedIdentityToken(http, environment(), Clock.systemUTC());
    return new BearerRest(http, () -> tokens.get(AzureCore.GRAPH_RESOURCE), endpoint());
  }

  /**
   * The text of a posted Teams card as Teams shows it: Markdown escapes (a backslash before the
   * character) removed.
   */
  static String cardText(JsonNode post) {
    assertThat(post.path("type").asText()).isEqualTo("message");
    JsonNode attachment = post.path("attachments").get(0);
    assertThat(attachment.path("contentType").asText())
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    return attachment.path("content").toString().replaceAll("\\\\\\\\(.)", "$1");
  }

  /** The text of the last card posted to the webhook. */
  String lastCardText() {
    assertThat(teamsPosts).isNotEmpty();
    return cardText(teamsPosts.get(teamsPosts.size() - 1));
  }
}
