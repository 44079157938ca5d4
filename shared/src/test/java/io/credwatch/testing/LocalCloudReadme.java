package io.credwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One cloud's part of the README's "Running the functions locally", run as a new user runs it: its
 * first command ({@code ./credwatch local CLOUD}) in the background, then the second terminal's
 * exports and commands, one command at a time; then its expected output is looked for in what the
 * first terminal printed. Its three indented blocks are, in order: the first terminal's command,
 * the second terminal's lines, and the expected lines ("…" stands for any text).
 */
public final class LocalCloudReadme implements AutoCloseable {
  private static final String SECTION = "## Running the functions locally";
  private static final Duration START = Duration.ofMinutes(4);
  private static final Duration COMMAND = Duration.ofMinutes(4);
  private static final Duration SETTLE = Duration.ofSeconds(30);

  private final Path root = Fixtures.repositoryRoot();
  private final List<List<String>> blocks;
  private final List<Integer> ports;
  private final Path output;
  private final Process local;

  private LocalCloudReadme(List<List<String>> blocks, List<Integer> ports) throws IOException {
    this.blocks = blocks;
    this.ports = ports;
    this.output = Files.createTempFile("credwatch-local", ".out");
    assertThat(blocks).as("the README section's indented blocks").hasSize(3);
    assertThat(blocks.get(0)).hasSize(1);
    this.local =
        new ProcessBuilder("bash", "-c", blocks.get(0).get(0))
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
  }

  /**
   * Starts the first terminal's command of the subsection {@code ### HEADING}.
   *
   * @param ports the fixed ports the local cloud listens on, which must be closed after Ctrl-C
   */
  public static LocalCloudReadme start(String heading, Integer... ports) throws IOException {
    return new LocalCloudReadme(blocks(heading), List.of(ports));
  }

  /** The indented blocks of the subsection {@code ### HEADING} of the local-run section. */
  static List<List<String>> blocks(String heading) throws IOException {
    String readme =
        Files.readString(Fixtures.repositoryRoot().resolve("README.md"), StandardCharsets.UTF_8);
    int section = readme.indexOf("\n" + SECTION + "\n");
    assertThat(section).as(SECTION).isPositive();
    int start = readme.indexOf("\n### " + heading + "\n", section);
    assertThat(start).as(SECTION + " / ### " + heading).isPositive();
    int end = readme.indexOf("\n#", start + 5);
    List<List<String>> blocks = new ArrayList<>();
    List<String> block = null;
    for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
      if (line.startsWith("    ")) {
        if (block == null) {
          block = new ArrayList<>();
          blocks.add(block);
        }
        block.add(line.substring(4));
      } else if (!line.isBlank()) {
        block = null;
      }
    }
    return blocks;
  }

  /**
   * Runs the whole section and checks it: the local cloud prints exactly the README's second block;
   * each of its commands succeeds; dry-run changes no credential; the README's expected lines are
   * all printed, the dry-run alert before the enforced one.
   */
  public void runAsWritten() throws Exception {
    List<String> printed = awaitLine(": ready:", START);
    int from = indexOf(printed, "In another terminal, in this folder:");
    List<String> shown =
        printed.subList(from + 1, printed.size() - 1).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty())
            .toList();
    assertThat(shown)
        .as("what the local cloud prints for the second terminal")
        .isEqualTo(blocks.get(1));

    Map<String, String> environment = new LinkedHashMap<>();
    List<String> commands = new ArrayList<>();
    for (String line : blocks.get(1)) {
      if (line.startsWith("export ")) {
        String assignment = line.substring("export ".length());
        int equals = assignment.indexOf('=');
        environment.put(assignment.substring(0, equals), assignment.substring(equals + 1));
      } else {
        commands.add(line);
      }
    }
    assertThat(commands).hasSize(2);
    assertThat(commands.get(0)).startsWith("CREDWATCH_REMEDIATION=dry-run ");
    assertThat(commands.get(1)).startsWith("CREDWATCH_REMEDIATION=enforce ");

    run(commands.get(0), environment);
    List<String> afterDryRun = awaitLine("alert  ", SETTLE);
    assertThat(afterDryRun)
        .as("dry-run changes no credential")
        .noneMatch(l -> l.startsWith("state  "));
    run(commands.get(1), environment);
    awaitLine("state  ", SETTLE);

    List<Pattern> expected =
        blocks.get(2).stream().map(LocalCloudReadme::pattern).collect(Collectors.toList());
    long deadline = System.nanoTime() + SETTLE.toNanos();
    List<String> missing = missing(expected, lines());
    while (!missing.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      missing = missing(expected, lines());
    }
    assertThat(missing)
        .as("README lines the local cloud did not print:\n" + String.join("\n", lines()))
        .isEmpty();
    List<String> all = lines();
    assertThat(
            indexOf(all, "remediation dry-run") < indexOf(all, "remediation applied")
                || indexOf(all, "CredWatch did: dry-run") < indexOf(all, "CredWatch did: applied"))
        .as("the dry-run alert comes before the enforced one")
        .isTrue();
  }

  private void run(String command, Map<String, String> environment) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-c", command)
            .directory(root.toFile())
            .redirectErrorStream(true);
    builder.environment().putAll(environment);
    File log = File.createTempFile("credwatch-command", ".log");
    Process process = builder.redirectOutput(log).start();
    assertThat(process.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS)).as(command).isTrue();
    assertThat(process.exitValue())
        .as(command + "\n" + Files.readString(log.toPath(), StandardCharsets.UTF_8))
        .isZero();
  }

  /** Waits until a printed line contains {@code text}; returns every line printed so far. */
  private List<String> awaitLine(String text, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> lines = lines();
      if (lines.stream().anyMatch(line -> line.contains(text))) {
        return lines;
      }
      assertThat(local.isAlive() && System.nanoTime() < deadline)
          .as("waiting for '" + text + "'; the local cloud printed:\n" + String.join("\n", lines))
          .isTrue();
      Thread.sleep(200);
    }
  }

  private List<String> lines() throws IOException {
    return Files.readAllLines(output, StandardCharsets.UTF_8);
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }

  /** An expected README line as a pattern: "…" matches any text, the rest literally. */
  static Pattern pattern(String line) {
    return Pattern.compile(
        java.util.Arrays.stream(line.strip().split("…", -1))
            .map(Pattern::quote)
            .collect(Collectors.joining(".*")));
  }

  /** The expected lines that no distinct printed line matches. */
  private static List<String> missing(List<Pattern> expected, List<String> printed) {
    List<String> unused = new ArrayList<>(printed.stream().map(String::strip).toList());
    List<String> missing = new ArrayList<>();
    for (Pattern pattern : expected) {
      int match = -1;
      for (int i = 0; i < unused.size() && match < 0; i++) {
        if (pattern.matcher(unused.get(i)).matches()) {
          match = i;
        }
      }
      if (match < 0) {
        missing.add(pattern.pattern());
      } else {
        unused.remove(match);
      }
    }
    return missing;
  }

  /** Ctrl-C: the local cloud stops everything it started, and its ports are free again. */
  @Override
  public void close() throws Exception {
    // SIGTERM to the launcher's JVM alone, as Ctrl-C would reach it: it must stop its own
    // children (moto, the emulator) by their PIDs.
    local.destroy();
    boolean ended = local.waitFor(30, TimeUnit.SECONDS);
    if (!ended) {
      local.descendants().forEach(ProcessHandle::destroyForcibly);
      local.destroyForcibly();
    }
    assertThat(ended).as("the local cloud stops on SIGTERM").isTrue();
    assertThat(lines()).anyMatch(line -> line.endsWith("stopped everything it started"));
    for (int port : ports) {
      assertThat(listening(port)).as("port " + port + " is free again").isFalse();
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException closed) {
      return false;
    }
  }
}
