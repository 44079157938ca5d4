package io.credwatch.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fuzz harness, bounded for CI: QuickTheories draws seeds for batches of mutated records
 * (byte-level and structural mutations of the examples, rule samples and corpus) and the oracle
 * checks each batch: no crash, no hang, no lost or phantom record, a summary that adds up. A
 * failure is shrunk to the smallest failing seed it finds, which replays it ({@link #batch}). The
 * long run is {@code ./credwatch fuzz --records 1000000}.
 */
class FuzzTest {
  private static final int RECORDS_PER_BATCH = 40;
  private static final int BATCHES_IN_CI = 250;
  private static List<String> seeds = List.of();

  @BeforeAll
  static void loadSeeds() {
    useSeeds(Seeds.load());
  }

  static void useSeeds(List<String> loaded) {
    seeds = List.copyOf(loaded);
  }

  @Test
  void mutatedRecords_neverCrashHangOrVanish() {
    FuzzOracle oracle = new FuzzOracle();
    FuzzOracle.Report total = new FuzzOracle.Report();
    qt().withExamples(BATCHES_IN_CI)
        .withShrinkCycles(20)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              FuzzOracle.Report report = oracle.check(batch(seed));
              total.add(report);
              assertThat(report.crashes).as("crashes, batch seed %d", seed).isEmpty();
              assertThat(report.lost).as("records lost, batch seed %d", seed).isZero();
              assertThat(report.hangs).as("hangs, batch seed %d", seed).isZero();
              assertThat(report.records).as("records read, batch seed %d", seed).isPositive();
            });
    System.out.println("fuzz (CI run): " + total);
    assertThat(total.records).isGreaterThan(BATCHES_IN_CI * (long) RECORDS_PER_BATCH / 2);
  }

  /** The batch a seed stands for: the same records for the same seed, on any machine. */
  static List<String> batch(long seed) {
    Random random = new Random(seed);
    List<String> records = new ArrayList<>();
    for (int i = 0; i < RECORDS_PER_BATCH; i++) {
      String base = seeds.get(random.nextInt(seeds.size()));
      records.add(random.nextInt(10) == 0 ? base : Mutations.mutate(base, random));
    }
    return records;
  }
}
