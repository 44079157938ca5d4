package io.credwatch.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.alert.UntrustedText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./credwatch local aws|gcp|azure}: starts a local cloud for that function (real local
 * components and stand-ins on fixed ports of 127.0.0.1), seeds it so that the bundled examples name
 * credentials that really exist there, prints the environment and the commands to run the function
 * against it, then prints every alert that reaches the local sink and every change to a seeded
 * credential, until Ctrl-C stops everything it started.
 */
public final class LocalCloud {
  static final int USAGE = 2;
  static final String USAGE_TEXT =
      "usage: credwatch local aws|gcp|azure   (start a local cloud for that function; Ctrl-C stops it)";
  private static final long POLL_MILLIS = 500;

  private LocalCloud() {}

  /** One cloud's local components, seeded. */
  interface Setup extends AutoCloseable {
    /** What runs, one line each (with PIDs and addresses). */
    List<String> started();

    /** What was seeded, one line each. */
    List<String> seeded();

    /** The environment the function needs to use this local cloud, in the order to print it. */
    Map<String, String> environment();

    /** The commands that run the function on an example: dry-run, then enforce. */
    List<String> commands();

    /** What happened since the last call: alerts received and credentials changed. */
    List<String> poll() throws Exception;

    @Override
    void close();
  }

  public static void main(String[] args) {
    System.exit(run(args, Path.of(System.getProperty("credwatch.root", ".")), System.out));
  }

  static int run(String[] args, Path root, PrintStream out) {
    if (args.length != 1 || !List.of("aws", "gcp", "azure").contains(args[0])) {
      System.err.println(USAGE_TEXT);
      return USAGE;
    }
    String cloud = args[0];
    Path work = root.resolve("target/local").resolve(cloud);
    Setup setup;
    try {
      Files.createDirectories(work);
      setup =
          switch (cloud) {
            case "aws" -> LocalAws.start(root, work);
            case "gcp" -> LocalGcp.start(root, work);
            default -> LocalAzure.start(root, work);
          };
    } catch (IOException | RuntimeException failed) {
      System.err.println("credwatch local " + cloud + ": cannot start: " + failed.getMessage());
      return USAGE;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return USAGE;
    }
    AtomicBoolean stopping = new AtomicBoolean();
    // Ctrl-C (or a kill) ends the JVM through its shutdown hooks: stop what was started, by PID.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.set(true);
                  setup.close();
                  out.println("credwatch local " + cloud + ": stopped everything it started");
                  out.flush();
                }));
    try {
      // The second terminal's lines, for scripts (tools/invoke-timings.sh) as for people.
      Files.write(work.resolve("second-terminal.sh"), shellLines(setup), StandardCharsets.UTF_8);
    } catch (IOException unwritable) {
      System.err.println("credwatch local " + cloud + ": cannot write " + work + ": " + unwritable);
    }
    print(cloud, setup, out);
    while (!stopping.get()) {
      try {
        for (String line : setup.poll()) {
          out.println(line);
        }
        out.flush();
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return 0;
      } catch (Exception failed) {
        if (!stopping.get()) {
          System.err.println("credwatch local " + cloud + ": " + failed.getMessage());
        }
      }
    }
    return 0;
  }

  private static void print(String cloud, Setup setup, PrintStream out) {
    String prefix = "credwatch local " + cloud + ": ";
    setup.started().forEach(line -> out.println(prefix + line));
    setup.seeded().forEach(line -> out.println(prefix + "seeded " + line));
    out.println();
    out.println("In another terminal, in this folder:");
    out.println();
    for (String line : shellLines(setup)) {
      out.println("    " + line);
    }
    out.println();
    out.println(
        prefix
            + "ready: alerts and changes to the seeded credentials appear below; Ctrl-C stops it.");
    out.flush();
  }

  /** The lines a user types in the other terminal: the exports, then the commands. */
  static List<String> shellLines(Setup setup) {
    List<String> lines = new java.util.ArrayList<>();
    setup.environment().forEach((name, value) -> lines.add("export " + name + "=" + value));
    lines.addAll(setup.commands());
    return lines;
  }

  /** A path as the user should type it: relative to the working folder when under it. */
  static String typed(Path path) {
    Path here = Path.of("").toAbsolutePath();
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(here) ? here.relativize(absolute).toString() : absolute.toString();
  }

  /** "alert HIGH rule: kind id added to target; remediation outcome (detail)". */
  static String alertLine(JsonNode alert) {
    JsonNode remediation = alert.path("remediation");
    String detail = remediation.path("detail").asText();
    return "alert  "
        + safe(alert.path("severity").asText().toUpperCase(Locale.ROOT))
        + " "
        + safe(alert.path("rule").asText())
        + ": "
        + safe(alert.path("credential").path("kind").asText())
        + " "
        + safe(alert.path("credential").path("id").asText())
        + " added to "
        + safe(alert.path("target").path("name").asText())
        + "; remediation "
        + safe(remediation.path("outcome").asText())
        + (detail.isEmpty() ? "" : " (" + safe(detail) + ")");
  }

  /** Event text on a terminal: control characters made visible, and clipped. */
  static String safe(String text) {
    return UntrustedText.plain(text, 400);
  }
}
