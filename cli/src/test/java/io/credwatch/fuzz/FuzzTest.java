package io.credwatch.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The fuzz harness, bounded for CI: jqwik draws seeds for batches of mutated records (byte-level
 * and structural mutations of the examples, rule samples and corpus) and the oracle checks each
 * batch: no crash, no hang, no lost or phantom record, a summary that adds up. A failure names the
 * seed, which replays it. The long run is {@code ./credwatch fuzz --records 1000000}.
 */
class FuzzTest {
  private static final int RECORDS_PER_BATCH = 40;
  private static List<String> seeds = List.of();
  private static final FuzzOracle.Report TOTAL = new FuzzOracle.Report();

  @BeforeContainer
  static void loadSeeds() {
    useSeeds(Seeds.load());
  }

  static void useSeeds(List<String> loaded) {
    seeds = List.copyOf(loaded);
  }

  @AfterContainer
  static void say() {
    System.out.println("fuzz (CI run): " + TOTAL);
  }

  @Property(tries = 250)
  void mutatedRecords_neverCrashHangOrVanish(@ForAll long seed) {
    FuzzOracle.Report report = new FuzzOracle().check(batch(seed));
    synchronized (TOTAL) {
      TOTAL.add(report);
    }
    assertThat(report.crashes).as("seed %d", seed).isEmpty();
    assertThat(report.lost).as("records lost, seed %d", seed).isZero();
    assertThat(report.hangs).as("hangs, seed %d", seed).isZero();
    assertThat(report.records).isPositive();
  }

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
