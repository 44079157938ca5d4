package io.credwatch.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/** Runs the command line in-process and captures its output. */
record CliRun(int status, String out, String err) {

  static CliRun of(Map<String, String> environment, String... args) {
    return withInput(new byte[0], environment, args);
  }

  /** A run whose standard input holds {@code input}. */
  static CliRun withInput(byte[] input, Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        CredWatchCli.run(
            args,
            environment,
            new ByteArrayInputStream(input),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return new CliRun(status, out.toString(), err.toString());
  }

  static CliRun of(String... args) {
    return of(Map.of(), args);
  }

  List<String> outLines() {
    return out.lines().filter(line -> !line.isBlank()).toList();
  }
}
