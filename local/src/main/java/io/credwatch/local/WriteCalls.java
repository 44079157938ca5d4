package io.credwatch.local;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** The calls that change something, among those a stand-in received since the last look. */
final class WriteCalls {
  private int seen;

  /** "call METHOD path ..." for each new call but GETs, shown as {@code shown} renders it. */
  List<String> since(List<String> calls, UnaryOperator<String> shown) {
    List<String> lines = new ArrayList<>();
    for (; seen < calls.size(); seen++) {
      if (!calls.get(seen).startsWith("GET ")) {
        lines.add("call   " + LocalCloud.safe(shown.apply(calls.get(seen))));
      }
    }
    return lines;
  }
}
