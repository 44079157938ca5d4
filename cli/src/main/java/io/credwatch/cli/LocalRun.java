package io.credwatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What the three local invokers ({@code aws-invoke}, {@code gcp-invoke}, {@code azure-invoke})
 * share: the one FILE argument, and the timing line they end with.
 */
public final class LocalRun {
  /** The exit status for usage and start-up errors. */
  public static final int USAGE = 2;

  private final PrintStream err;
  private final long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
  private long ready;
  private long eventStart;

  public LocalRun(PrintStream err) {
    this.err = err;
  }

  /**
   * The bytes of the single FILE argument, or empty after saying why not (usage, missing or
   * unreadable file): the caller then exits with {@link #USAGE}.
   *
   * @param usage the usage line, for example {@code credwatch aws-invoke FILE (...)}
   */
  public Optional<byte[]> input(String[] args, String usage) {
    if (args.length != 1 || args[0].startsWith("-")) {
      err.println("usage: " + usage);
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readAllBytes(Path.of(args[0])));
    } catch (NoSuchFileException missing) {
      err.println("credwatch: no such file: " + args[0]);
    } catch (IOException unreadable) {
      err.println("credwatch: cannot read " + args[0] + ": " + unreadable.getMessage());
    }
    return Optional.empty();
  }

  /** The function is built: what follows is the event. */
  public void ready() {
    ready = System.currentTimeMillis();
    eventStart = ready;
  }

  /** The event starts now (after local-only set-up that the cloud does not do). */
  public void eventStarts() {
    eventStart = System.currentTimeMillis();
  }

  /** Prints "init N ms (JVM start to WHAT ready), event N ms, peak RSS N MiB" of this JVM. */
  public void report(String what) {
    report(what, ready - jvmStart, System.currentTimeMillis() - eventStart, peakRss());
  }

  /**
   * Prints the timing line for a function that ran in another process (Lambda's runtime client).
   */
  public void report(String what, long initMillis, long eventMillis, String peakRss) {
    err.printf(
        Locale.ROOT,
        "credwatch: init %d ms (JVM start to %s ready), event %d ms, peak RSS %s%n",
        initMillis,
        what,
        eventMillis,
        peakRss);
  }

  /** VmHWM of this JVM from /proc (Linux), or what the heap used when /proc is not there. */
  static String peakRss() {
    return peakRss(ProcessHandle.current().pid())
        .orElseGet(
            () -> {
              Runtime runtime = Runtime.getRuntime();
              return ((runtime.totalMemory() - runtime.freeMemory()) >> 20) + " MiB heap";
            });
  }

  /** The peak resident set (VmHWM) of a live process, from /proc (Linux only). */
  public static Optional<String> peakRss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return Optional.of((kb / 1024) + " MiB");
        }
      }
    } catch (IOException | NumberFormatException notLinux) {
      // fall through
    }
    return Optional.empty();
  }
}
