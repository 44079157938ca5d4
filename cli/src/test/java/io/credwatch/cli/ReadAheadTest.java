package io.credwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Inputs read ahead on workers, handed back in input order, whatever order the workers finish. */
class ReadAheadTest {
  @Test
  void everyItem_comesBackInInputOrder_evenWhenWorkersFinishOutOfOrder() {
    List<Integer> inputs = IntStream.range(0, 200).boxed().toList();
    List<String> seen = new ArrayList<>();
    try (ReadAhead<Integer, String> ahead =
        new ReadAhead<>(
            inputs,
            3,
            (input, emit) -> {
              // More items than a lane holds, and a random pause: workers block and overtake.
              for (int item = 0; item < 150; item++) {
                if (ThreadLocalRandom.current().nextInt(50) == 0) {
                  Thread.sleep(1);
                }
                emit.accept(input + "." + item);
              }
            })) {
      for (int i = 0; i < inputs.size(); i++) {
        ahead.next(seen::add);
      }
      assertThat(ahead.hasNext()).isFalse();
    }
    List<String> expected = new ArrayList<>();
    inputs.forEach(
        input -> IntStream.range(0, 150).forEach(item -> expected.add(input + "." + item)));
    assertThat(seen).isEqualTo(expected);
  }

  @Test
  void aWorkersFailure_isThrownOnTheCallersThread_afterWhatCameBeforeIt() {
    List<String> seen = new ArrayList<>();
    try (ReadAhead<Integer, String> ahead =
        new ReadAhead<>(
            List.of(1, 2, 3),
            2,
            (input, emit) -> {
              emit.accept("item of " + input);
              if (input == 2) {
                throw new IllegalStateException("input 2 broke");
              }
            })) {
      ahead.next(seen::add);
      assertThatThrownBy(() -> ahead.next(seen::add)).hasMessage("input 2 broke");
    }
    assertThat(seen).containsExactly("item of 1", "item of 2");
  }

  @Test
  void aCallerThatStopsEarly_leavesNoWorkerWaiting() throws Exception {
    Thread[] worker = new Thread[1];
    try (ReadAhead<Integer, Integer> ahead =
        new ReadAhead<>(
            List.of(1, 2),
            1,
            (input, emit) -> {
              worker[0] = Thread.currentThread();
              for (int item = 0; ; item++) {
                emit.accept(item); // never ends: blocks once its lane is full
              }
            })) {
      for (int waited = 0; worker[0] == null && waited < 5_000; waited += 10) {
        Thread.sleep(10);
      }
      assertThat(ahead.hasNext()).isTrue();
    }
    worker[0].join(5_000);
    assertThat(worker[0].isAlive()).isFalse();
  }
}
