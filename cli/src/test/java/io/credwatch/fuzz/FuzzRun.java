package io.credwatch.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * The long fuzz run, with figures for the README: {@code ./credwatch fuzz [--records N] [--seed S]}
 * mutates N records (default 1,000,000) in batches through the same oracle as {@link FuzzTest},
 * then prints records, crashes, hangs, lost records and the peak memory. Exits 1 when anything was
 * found.
 */
public final class FuzzRun {
  private FuzzRun() {}

  public static void main(String[] args) throws IOException {
    long records = 1_000_000;
    long seed = 20261207L;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--records" -> records = Long.parseLong(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        default -> throw new IllegalArgumentException("usage: fuzz [--records N] [--seed S]");
      }
    }
    FuzzTest.useSeeds(Seeds.load());
    Random seeds = new Random(seed);
    FuzzOracle oracle = new FuzzOracle();
    FuzzOracle.Report total = new FuzzOracle.Report();
    long started = System.nanoTime();
    long lastSaid = started;
    long batches = 0;
    while (total.records < records) {
      long batchSeed = seeds.nextLong();
      FuzzOracle.Report report = oracle.check(FuzzTest.batch(batchSeed));
      if (!report.clean()) {
        System.out.println("fuzz: problem in batch seed " + batchSeed + ": " + report);
      }
      total.add(report);
      batches++;
      long now = System.nanoTime();
      if (now - lastSaid > 10_000_000_000L) {
        lastSaid = now;
        System.err.printf(Locale.ROOT, "fuzz: %,d records so far...%n", total.records);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "fuzz: %,d records in %,d batches (seed %d) in %.0f s: %d crashes, %d hangs, %d lost; %,d"
            + " verdicts, %,d alerts rendered; peak RSS %s%n",
        total.records,
        batches,
        seed,
        seconds,
        total.crashes.size(),
        total.hangs,
        total.lost,
        total.verdicts,
        total.alerts,
        peakRss());
    total.crashes.forEach(crash -> System.out.println("fuzz: crash: " + crash));
    System.exit(total.clean() ? 0 : 1);
  }

  /** The process's peak resident memory (Linux), or "unknown". */
  private static String peakRss() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (Files.isReadable(status)) {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return (kb / 1024) + " MiB";
        }
      }
    }
    return "unknown";
  }
}
