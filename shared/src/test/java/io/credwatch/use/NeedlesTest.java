package io.credwatch.use;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The skipping search must find exactly what reading every byte finds: checked against a plain
 * search on texts full of near misses (a small alphabet, strings that overlap and share prefixes).
 */
class NeedlesTest {
  private static final String ALPHABET = "aAbBkK19:/-é";

  @Test
  void findsWhatAPlainSearchFinds_longStringsSkipping_shortOnesReadingEveryByte() {
    qt().withExamples(3_000)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Random random = new Random(seed);
              // Half the sets have only strings of SKIP_FROM bytes or more: the skipping search.
              int shortest = random.nextBoolean() ? Needles.SKIP_FROM : 1;
              List<String> strings = new ArrayList<>();
              int count = 1 + random.nextInt(random.nextInt(10) == 0 ? 400 : 6);
              for (int i = 0; i < count; i++) {
                strings.add(text(random, shortest + random.nextInt(20)));
              }
              StringBuilder text = new StringBuilder(text(random, random.nextInt(200)));
              if (random.nextBoolean()) {
                // Plant one of the strings, in another case and perhaps cut short by one.
                String planted = flipCase(random, strings.get(random.nextInt(strings.size())));
                if (random.nextBoolean()) {
                  planted = planted.substring(0, planted.length() - 1);
                }
                text.insert(random.nextInt(text.length() + 1), planted);
              }
              byte[] data = text.toString().getBytes(StandardCharsets.UTF_8);
              int start = random.nextInt(data.length + 1);
              int end = start + random.nextInt(data.length - start + 1);
              assertThat(new Needles(strings).foundIn(data, start, end))
                  .as("%s in %s[%d..%d)", strings, text, start, end)
                  .isEqualTo(plainSearch(strings, data, start, end));
            });
  }

  @Test
  void skipping_findsAStringAtEitherEndAndAcrossManyStrings() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      keys.add(String.format(Locale.ROOT, "AKIA%016X", i * 7919L));
    }
    Needles needles = new Needles(keys);
    String last = keys.get(keys.size() - 1);
    assertThat(found(needles, last)).isTrue();
    assertThat(found(needles, last.toLowerCase(Locale.ROOT) + "\"}")).isTrue();
    assertThat(found(needles, "{\"accessKeyId\":\"" + keys.get(0))).isTrue();
    assertThat(found(needles, "{\"accessKeyId\":\"" + last.substring(1) + "\"}")).isFalse();
    assertThat(found(needles, "AKIA0000000000000000".repeat(50))).isTrue(); // i = 0
    assertThat(found(needles, "AKIA000000000000000X".repeat(50))).isFalse();
  }

  private static boolean plainSearch(List<String> strings, byte[] data, int start, int end) {
    byte[] folded = new byte[end - start];
    for (int i = start; i < end; i++) {
      byte b = data[i];
      folded[i - start] = b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }
    String haystack = new String(folded, StandardCharsets.ISO_8859_1);
    return strings.stream()
        .map(s -> s.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8))
        .anyMatch(s -> haystack.contains(new String(s, StandardCharsets.ISO_8859_1)));
  }

  private static String text(Random random, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return text.toString();
  }

  private static String flipCase(Random random, String text) {
    StringBuilder flipped = new StringBuilder();
    for (char c : text.toCharArray()) {
      flipped.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
    }
    return flipped.toString();
  }

  private static boolean found(Needles needles, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return needles.foundIn(bytes, 0, bytes.length);
  }
}
