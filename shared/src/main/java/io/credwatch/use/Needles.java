package io.credwatch.use;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether a record's bytes contain any of a set of strings, ignoring ASCII case. It only picks
 * which records are worth parsing; the parsed record decides what they show.
 *
 * <p>When every string is at least {@link #SKIP_FROM} bytes long (access key ids, ARNs, key GUIDs:
 * the usual case), most bytes are not even looked at. A Wu-Manber shift table over 4-byte blocks
 * jumps over text that cannot hold the last {@code window} bytes of any string; where the block is
 * the last of some string, the strings ending so are compared there. Strings are indexed by their
 * ends, not their starts, since many share a start (ARNs of one account) that text is full of. A
 * first-use read of an archive spends much of its time here. Shorter strings need every byte read:
 * an Aho-Corasick automaton finds them in one pass whatever their number.
 */
final class Needles {
  /** Strings at least this long let the search skip; a shorter one means reading every byte. */
  static final int SKIP_FROM = 8;

  private static final int BLOCK = 4;
  private static final int MAX_WINDOW = 64;

  private static final int[] FOLD = new int[256];

  static {
    for (int b = 0; b < 256; b++) {
      FOLD[b] = b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }
  }

  private final int[] byteClass = new int[256];
  private final int classes;

  /** The automaton: {@code next[state * classes + byteClass]}; a negative state has matched. */
  private final int[] next;

  private final boolean empty;

  /**
   * Bytes every string has (the shortest string's length, at most {@link #MAX_WINDOW}), or 0 when
   * the search reads every byte.
   */
  private final int window;

  /** By hash of a 4-byte block: how far the window's end may move on (0: compare here). */
  private final short[] shift;

  private final int hashShift;

  /** The strings, lower case: those whose last block hashes to h are {@code byLastBlock[h]}. */
  private final byte[][] patterns;

  private final int[][] byLastBlock;

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
    int shortest = patterns.stream().mapToInt(pattern -> pattern.length).min().orElse(0);
    this.window = shortest >= SKIP_FROM ? Math.min(shortest, MAX_WINDOW) : 0;
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
    // The shift table: sized for a tenth of its entries to be taken, so that most blocks of text
    // are in no string and move the window by its whole length (less one block).
    this.patterns = patterns.toArray(new byte[0][]);
    int blocks = window == 0 ? 0 : patterns.size() * (window - BLOCK + 1);
    int bits = Math.max(10, Math.min(16, 32 - Integer.numberOfLeadingZeros(blocks * 10)));
    this.hashShift = 32 - bits;
    int size = window == 0 ? 0 : 1 << bits;
    this.shift = new short[size];
    this.byLastBlock = new int[size][];
    Arrays.fill(shift, (short) (window - BLOCK + 1));
    if (window > 0) {
      // Each string's blocks within its last `window` bytes set how far the window may move; its
      // last block files it in the bucket the search compares at.
      int[] ending = new int[size];
      for (byte[] pattern : this.patterns) {
        int last = pattern.length - 1;
        for (int end = last - window + BLOCK; end <= last; end++) {
          int h = blockHash(pattern, end);
          shift[h] = (short) Math.min(shift[h], last - end);
        }
        ending[blockHash(pattern, last)]++;
      }
      int[] none = new int[0];
      for (int h = 0; h < size; h++) {
        byLastBlock[h] = ending[h] == 0 ? none : new int[ending[h]];
        ending[h] = 0;
      }
      for (int i = 0; i < this.patterns.length; i++) {
        int h = blockHash(this.patterns[i], this.patterns[i].length - 1);
        byLastBlock[h][ending[h]++] = i;
      }
    }
  }

  /** The hash of the 4 bytes ending at {@code end}, ASCII case folded. */
  private int blockHash(byte[] data, int end) {
    int block =
        FOLD[data[end - 3] & 0xff] << 24
            | FOLD[data[end - 2] & 0xff] << 16
            | FOLD[data[end - 1] & 0xff] << 8
            | FOLD[data[end] & 0xff];
    return (block * 0x9E3779B1) >>> hashShift;
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
    if (window == 0) {
      return readsEveryByte(data, start, end);
    }
    // Wu-Manber: the block ending the window says how far on the next string's end can be. The
    // hash is blockHash's, written out: C1, which runs scans, does not inline a method that size,
    // and this loop is most of a first-use read.
    for (int last = start + window - 1; last < end; ) {
      int h =
          ((FOLD[data[last - 3] & 0xff] << 24
                      | FOLD[data[last - 2] & 0xff] << 16
                      | FOLD[data[last - 1] & 0xff] << 8
                      | FOLD[data[last] & 0xff])
                  * 0x9E3779B1)
              >>> hashShift;
      int move = shift[h];
      if (move > 0) {
        last += move;
      } else if (endsHere(byLastBlock[h], data, start, last)) {
        return true;
      } else {
        last++;
      }
    }
    return false;
  }

  /** Whether one of {@code candidates} ends at {@code last}, beginning no earlier than start. */
  private boolean endsHere(int[] candidates, byte[] data, int start, int last) {
    for (int candidate : candidates) {
      byte[] pattern = patterns[candidate];
      int from = last - pattern.length + 1;
      if (from < start) {
        continue;
      }
      int i = pattern.length - 1;
      while (i >= 0 && FOLD[data[from + i] & 0xff] == (pattern[i] & 0xff)) {
        i--;
      }
      if (i < 0) {
        return true;
      }
    }
    return false;
  }

  private boolean readsEveryByte(byte[] data, int start, int end) {
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
