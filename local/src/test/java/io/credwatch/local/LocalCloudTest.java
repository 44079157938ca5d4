package io.credwatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCloudTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void unknownCloud_isAUsageError() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertThat(LocalCloud.run(new String[] {"azrue"}, Path.of("."), print)).isEqualTo(2);
    assertThat(LocalCloud.run(new String[0], Path.of("."), print)).isEqualTo(2);
  }

  @Test
  void alertLine_saysWhatAndWhatWasDone_withEventTextMadeSafe() throws Exception {
    String line =
        LocalCloud.alertLine(
            JSON.readTree(
                "{\"severity\":\"high\",\"rule\":\"aws_iam_access_key_created\",\"credential\":"
                    + "{\"kind\":\"access-key\",\"id\":\"AKIA1\"},\"target\":{\"name\":"
                    + "\"bob\\u001b[2J\\nfake: line\"},\"remediation\":{\"outcome\":\"applied\","
                    + "\"detail\":\"set it Inactive\"}}"));
    assertThat(line)
        .startsWith("alert  HIGH aws_iam_access_key_created: access-key AKIA1 added to bob")
        .endsWith("; remediation applied (set it Inactive)")
        .doesNotContain("\u001b")
        .doesNotContain("\n");
  }

  @Test
  void watch_reportsEachChangeOnce() throws Exception {
    AtomicReference<String> key = new AtomicReference<>("Active");
    Watch watch = new Watch();
    watch.add("access key AKIA1 of bob", key::get);
    watch.add("access key AKIA2 of bob", () -> "Active");
    assertThat(watch.changes()).isEmpty();
    key.set("Inactive");
    assertThat(watch.changes())
        .containsExactly("state  access key AKIA1 of bob: Active → Inactive");
    assertThat(watch.changes()).isEmpty();
    assertThat(watch.current()).containsEntry("access key AKIA1 of bob", "Inactive");
  }

  @Test
  void teamsCard_isPrintedAsHeadingsAndFacts_withoutMarkdownEscapesOrControlCharacters()
      throws Exception {
    String card =
        "{\"type\":\"message\",\"attachments\":[{\"content\":{\"body\":["
            + "{\"type\":\"Container\",\"items\":[{\"type\":\"TextBlock\",\"text\":\"HIGH · AZURE ·"
            + " Credential added\"}]},"
            + "{\"type\":\"FactSet\",\"facts\":[{\"title\":\"Rule\",\"value\":"
            + "\"entra\\\\_service\\\\_principal\"},{\"title\":\"Who\",\"value\":\"eve\\u0007\"}]},"
            + "{\"type\":\"TextBlock\",\"text\":\"**First steps**\\n\\n- check\"},"
            + "{\"type\":\"ActionSet\",\"actions\":[]}]}}]}";
    List<String> lines = TeamsCardText.lines(JSON.readTree(card));
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo("HIGH · AZURE · Credential added");
    assertThat(lines.get(1)).isEqualTo("Rule: entra_service_principal");
    assertThat(lines.get(2)).startsWith("Who: eve").doesNotContain("\u0007");
    assertThat(lines.get(3)).isEqualTo("**First steps**");
  }

  @Test
  void aTakenPort_isSaidPlainly(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThatThrownBy(
              () ->
                  ExternalProcess.start(
                      "sleeper",
                      List.of("sleep", "30"),
                      Map.of(),
                      port,
                      dir.resolve("log"),
                      Duration.ofSeconds(5)))
          .hasMessageContaining("port " + port + " on 127.0.0.1 is already in use");
    }
  }

  @Test
  void aProcessThatNeverListens_isStoppedAndReported(@TempDir Path dir) throws Exception {
    int port = ExternalProcess.freePort();
    List<ProcessHandle> before = new ArrayList<>(ProcessHandle.current().children().toList());
    assertThatThrownBy(
            () ->
                ExternalProcess.start(
                    "sleeper",
                    List.of("sleep", "30"),
                    Map.of(),
                    port,
                    dir.resolve("log"),
                    Duration.ofMillis(500)))
        .hasMessageContaining("sleeper did not listen on 127.0.0.1:" + port);
    Thread.sleep(200);
    assertThat(ProcessHandle.current().children().filter(p -> !before.contains(p)))
        .as("the process that never listened was stopped")
        .noneMatch(ProcessHandle::isAlive);
  }
}
