package io.credwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local invokers' shared argument handling and timing line. */
class LocalRunTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final LocalRun run = new LocalRun(new PrintStream(err, true, StandardCharsets.UTF_8));

  private String printed() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void usage_missingFiles_andOptions_areRefusedWithAReason(@TempDir Path dir) {
    assertThat(run.input(new String[0], "credwatch x-invoke FILE")).isEmpty();
    assertThat(printed()).contains("usage: credwatch x-invoke FILE");
    assertThat(run.input(new String[] {"--help"}, "u")).isEmpty();
    assertThat(run.input(new String[] {dir.resolve("nope.json").toString()}, "u")).isEmpty();
    assertThat(printed()).contains("no such file: ").contains("nope.json");
    assertThat(run.input(new String[] {dir.toString()}, "u")).isEmpty();
    assertThat(printed()).contains("cannot read ");
  }

  @Test
  void aFile_isRead_andTheTimingLineFollows(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("event.json"), "{}");
    assertThat(run.input(new String[] {file.toString()}, "u"))
        .hasValueSatisfying(
            bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{}"));
    run.ready();
    run.report("handler");
    assertThat(printed())
        .matches(
            "(?s)credwatch: init \\d+ ms \\(JVM start to handler ready\\), event \\d+ ms,"
                + " peak RSS \\d+ MiB.*\\n");
  }
}
