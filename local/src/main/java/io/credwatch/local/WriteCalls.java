package io.credwatch.local;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** The calls that change something, among those a stand-in received since the last look. */
final class WriteCalls {
  private int seen;

  /**
   * "call METHOD path ..." for each new call but reads (GETs, and Cloud Logging's entries.list, a
   * POST that changes nothing), shown as {@code shown} renders it.
   */
  List<String> since(List<String> calls, UnaryOperator<String> shown) {
    List<String> lines = new ArrayList<>();
    for (; seen < calls.size(); seen++) {
      if (!calls.get(seen).startsWith("GET ")
          && !calls.get(seen).startsWith("POST /v2/entries:list")) {
        lines.add("call   " + LocalCloud.safe(shown.apply(calls.get(seen))));
      }
    }
    return lines;
  }
}
