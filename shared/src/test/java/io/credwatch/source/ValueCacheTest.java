package io.credwatch.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ValueCacheTest {

  private static char[] buffer(String text) {
    // Surrounded by other characters, as in a parser's buffer.
    return ("xx" + text + "yy").toCharArray();
  }

  @Test
  void get_sameText_returnsTheSameInternedInstance() {
    ValueCache cache = new ValueCache();
    String first = cache.get(buffer("CreateAccessKey"), 2, 15);
    String second = cache.get(buffer("CreateAccessKey"), 2, 15);
    assertThat(first).isEqualTo("CreateAccessKey").isSameAs(second).isSameAs("CreateAccessKey");
  }

  @Test
  void get_differentTextWithTheSameHashInputs_isNotConfused() {
    ValueCache cache = new ValueCache();
    // Same length, first, middle and last characters: the cheap hash collides, the text differs.
    String one = cache.get(buffer("aXcYe"), 2, 5);
    String two = cache.get(buffer("aZcWe"), 2, 5);
    assertThat(one).isEqualTo("aXcYe");
    assertThat(two).isEqualTo("aZcWe");
    assertThat(cache.get(buffer("aZcWe"), 2, 5)).isSameAs(two);
  }

  @Test
  void get_emptyLongAndOverflowingValues_stillReturnTheText() {
    ValueCache cache = new ValueCache();
    assertThat(cache.get(buffer(""), 2, 0)).isEmpty();
    String longText = "k".repeat(200);
    assertThat(cache.get(buffer(longText), 2, 200)).isEqualTo(longText);
    for (int i = 0; i < 5000; i++) {
      String text = "value-" + i;
      assertThat(cache.get(buffer(text), 2, text.length())).isEqualTo(text);
    }
  }

  @Test
  void operationDetail_joinsClipsAndReusesTheText() {
    ValueCache cache = new ValueCache();
    String service = cache.get(buffer("s3.amazonaws.com"), 2, 16);
    String operation = cache.get(buffer("GetObject"), 2, 9);
    String detail = cache.operationDetail(service, operation);
    assertThat(detail).isEqualTo("s3.amazonaws.com GetObject");
    assertThat(cache.operationDetail(service, operation)).isSameAs(detail);
    assertThat(cache.operationDetail("", operation)).isEqualTo("GetObject");
  }

  @Test
  void identityMemo_computesOncePerInstanceAndRemembersMisses() {
    AtomicInteger calls = new AtomicInteger();
    IdentityMemo<String> memo =
        new IdentityMemo<>(
            16,
            key -> {
              calls.incrementAndGet();
              return key.startsWith("Create") ? key.toUpperCase(java.util.Locale.ROOT) : null;
            });
    String create = "CreateKey";
    assertThat(memo.get(create)).isEqualTo("CREATEKEY");
    assertThat(memo.get(create)).isEqualTo("CREATEKEY");
    assertThat(memo.get("ListKeys")).isNull();
    assertThat(memo.get("ListKeys")).isNull();
    assertThat(calls).hasValue(2);
    // An equal string that is another instance is computed again, and correctly.
    assertThat(memo.get(new String(create.toCharArray()))).isEqualTo("CREATEKEY");
  }
}
