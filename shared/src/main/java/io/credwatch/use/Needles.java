package io.credwatch.use;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether a record's bytes contain any of a set of strings, ignoring ASCII case: an Aho-Corasick
 * automaton over bytes, so each record costs one pass whatever the number of strings. It only picks
 * which records are worth parsing; the parsed record decides what they show.
 */
final class Needles {
  private final int[] byteClass = new int[256];
  private final int classes;

  /** The automaton: {@code next[state * classes + byteClass]}; a negative state has matched. */
  private final int[] next;

  private final boolean empty;

  Needles(Collection<String> strings) {
    List<byte[]> patterns = new ArrayList<>();
    for (String string : strings) {
      if (!string.isEmpty()) {
        patterns.add(string.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
      }
    }
    this.empty = patterns.isEmpty();
    int classCount = 1;
    for (byte[] pattern : patterns) {
      for (byte b : pattern) {
        if (byteClass[b & 0xff] == 0) {
          byteClass[b & 0xff] = classCount++;
        }
      }
    }
    for (int c = 'A'; c <= 'Z'; c++) {
      byteClass[c] = byteClass[c + ('a' - 'A')];
    }
    this.classes = classCount;
    // The trie, then the failure links turning it into a full transition table.
    List<int[]> goTo = new ArrayList<>();
    List<Boolean> accepting = new ArrayList<>();
    goTo.add(filled(classes));
    accepting.add(false);
    for (byte[] pattern : patterns) {
      int state = 0;
      for (byte b : pattern) {
        int c = byteClass[b & 0xff];
        if (goTo.get(state)[c] < 0) {
          goTo.get(state)[c] = goTo.size();
          goTo.add(filled(classes));
          accepting.add(false);
        }
        state = goTo.get(state)[c];
      }
      accepting.set(state, true);
    }
    int states = goTo.size();
    int[] fail = new int[states];
    this.next = new int[states * classes];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int c = 0; c < classes; c++) {
      int child = goTo.get(0)[c];
      next[c] = child < 0 ? 0 : child;
      if (child > 0) {
        fail[child] = 0;
        queue.add(child);
      }
    }
    while (!queue.isEmpty()) {
      int state = queue.poll();
      if (accepting.get(fail[state])) {
        accepting.set(state, true);
      }
      for (int c = 0; c < classes; c++) {
        int child = goTo.get(state)[c];
        if (child < 0) {
          next[state * classes + c] = next[fail[state] * classes + c];
        } else {
          next[state * classes + c] = child;
          fail[child] = next[fail[state] * classes + c];
          queue.add(child);
        }
      }
    }
    // A transition into a state where some string ends becomes -1: found, stop reading. (Class 0,
    // a byte in no string, already leads back to the root.)
    for (int state = 0; state < states; state++) {
      for (int c = 0; c < classes; c++) {
        int target = next[state * classes + c];
        if (accepting.get(target)) {
          next[state * classes + c] = -1;
        }
      }
    }
  }

  private static int[] filled(int size) {
    int[] row = new int[size];
    Arrays.fill(row, -1);
    return row;
  }

  /** True when {@code data[start..end)} contains one of the strings. */
  boolean foundIn(byte[] data, int start, int end) {
    if (empty) {
      return false;
    }
    int state = 0;
    for (int i = start; i < end; i++) {
      state = next[state * classes + byteClass[data[i] & 0xff]];
      if (state < 0) {
        return true;
      }
    }
    return false;
  }
}
