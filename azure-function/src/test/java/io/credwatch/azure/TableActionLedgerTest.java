package io.credwatch.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credwatch.local.Azurite;
import io.credwatch.local.ExternalProcess;
import io.credwatch.respond.ActionLedger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Azure function's state store against the real Table service of Azurite. In Azure the ledger
 * authorizes with the function's Entra token; Azurite takes Entra tokens only over HTTPS, so here
 * each request is signed with the emulator's well-known shared key instead (SharedKeyLite), the
 * only difference. The responder's use of a ledger (no re-act after an undo, one alert, the pause
 * alert) is shared code, tested end to end against DynamoDB (moto) and Firestore (its emulator).
 */
class TableActionLedgerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static Azurite azurite;

  private String table;

  @BeforeAll
  static void start() throws Exception {
    azurite = startTables();
  }

  /** Azurite's Table service on a free port; the test is skipped when Azurite is not installed. */
  static Azurite startTables() throws Exception {
    if (Azurite.executable().isEmpty()) {
      if ("1".equals(System.getenv("CREDWATCH_REQUIRE_EMULATORS"))) {
        throw new IllegalStateException(
            "Azurite is required (CREDWATCH_REQUIRE_EMULATORS=1): npm ci --prefix tools");
      }
      Assumptions.abort("Azurite is not installed (npm ci --prefix tools): skipping");
    }
    int port = ExternalProcess.freePort();
    return Azurite.start(port, Path.of("target/azurite-" + port + ".log"));
  }

  /** Creates a table in Azurite. */
  static void createTable(Azurite azurite, String table) throws Exception {
    URI tables = URI.create(azurite.tableEndpoint() + "/Tables");
    String date = RFC_1123.format(Instant.now());
    HttpResponse<String> created =
        HTTP.send(
            HttpRequest.newBuilder(tables)
                .header("x-ms-date", date)
                .header("x-ms-version", "2020-12-06")
                .header("Accept", "application/json;odata=nometadata")
                .header("Content-Type", "application/json")
                .header("Authorization", sharedKeyLite(date, tables.getRawPath()))
                .POST(HttpRequest.BodyPublishers.ofString("{\"TableName\":\"" + table + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    if (azurite != null) {
      azurite.close();
    }
  }

  /** SharedKeyLite for the Table service: the date and the account-qualified path, signed. */
  static String sharedKeyLite(String date, String path) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(Azurite.KEY), "HmacSHA256"));
      String canonical = "/" + Azurite.ACCOUNT + path;
      String signature =
          Base64.getEncoder()
              .encodeToString(
                  mac.doFinal((date + "\n" + canonical).getBytes(StandardCharsets.UTF_8)));
      return "SharedKeyLite " + Azurite.ACCOUNT + ":" + signature;
    } catch (java.security.GeneralSecurityException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  @BeforeEach
  void table() throws Exception {
    table = "state" + System.nanoTime();
    createTable(azurite, table);
  }

  private TableActionLedger ledger(int max) {
    return new TableActionLedger(
        HTTP, azurite.tableEndpoint(), table, TableActionLedgerTest::sharedKeyLite, max);
  }

  @Test
  void anEntry_isReadBackAsWritten_andReplaced() {
    TableActionLedger ledger = ledger(20);
    Instant at = Instant.parse("2026-12-02T10:00:00Z");
    assertThat(ledger.previous("cw1-abc")).isEmpty();
    ledger.record("cw1-abc", new ActionLedger.Entry("applied", at, false));
    assertThat(ledger.previous("cw1-abc")).contains(new ActionLedger.Entry("applied", at, false));
    ledger.record("cw1-abc", new ActionLedger.Entry("applied", at, true));
    assertThat(ledger.previous("cw1-abc")).map(ActionLedger.Entry::alertSent).contains(true);
  }

  @Test
  void theBreaker_grantsItsBudgetOnce_evenToConcurrentInvocations_thenAnnouncesOnePause()
      throws Exception {
    int limit = 5;
    Instant now = Instant.parse("2026-12-02T10:15:00Z");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<ActionLedger.Budget>> answers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      answers.add(pool.submit(() -> ledger(limit).take(now)));
    }
    List<ActionLedger.Budget> budgets = new ArrayList<>();
    for (Future<ActionLedger.Budget> answer : answers) {
      budgets.add(answer.get());
    }
    pool.shutdown();
    assertThat(budgets).filteredOn(b -> b == ActionLedger.Budget.GRANTED).hasSize(limit);
    assertThat(budgets).filteredOn(b -> b == ActionLedger.Budget.PAUSED_NOW).hasSize(1);
    assertThat(ledger(limit).take(now.plusSeconds(3600)))
        .as("the next hour has a budget of its own")
        .isEqualTo(ActionLedger.Budget.GRANTED);
  }

  @Test
  void expiredEntries_areDeletedByTheHoursFirstAction() {
    TableActionLedger ledger = ledger(20);
    Instant longAgo = Instant.parse("2026-11-01T10:00:00Z");
    ledger.record("cw1-old", new ActionLedger.Entry("applied", longAgo, true));
    ledger.record(
        "cw1-new", new ActionLedger.Entry("applied", Instant.parse("2026-12-01T10:00:00Z"), true));
    assertThat(ledger.take(Instant.parse("2026-12-02T10:00:00Z")))
        .isEqualTo(ActionLedger.Budget.GRANTED);
    assertThat(ledger.previous("cw1-old")).isEmpty();
    assertThat(ledger.previous("cw1-new")).isPresent();
  }

  @Test
  void aMissingTable_isAClearError() {
    TableActionLedger missing =
        new TableActionLedger(
            HTTP, azurite.tableEndpoint(), "nosuchtable", TableActionLedgerTest::sharedKeyLite, 5);
    assertThatThrownBy(
            () -> missing.record("cw1-x", new ActionLedger.Entry("applied", Instant.now(), true)))
        .hasMessageContaining("Azure Table nosuchtable");
    assertThat(Optional.ofNullable(azurite)).isPresent();
  }
}
