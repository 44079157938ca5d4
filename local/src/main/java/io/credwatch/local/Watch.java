package io.credwatch.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** The credentials seeded in a local cloud, each with how to read its state now. */
final class Watch {
  private final Map<String, Callable<String>> states = new LinkedHashMap<>();
  private final Map<String, String> last = new LinkedHashMap<>();

  /** Watches a credential from now on; its current state is the one later changes start from. */
  void add(String description, Callable<String> state) throws Exception {
    states.put(description, state);
    last.put(description, state.call());
  }

  /** The state of each credential when it was added or last changed. */
  Map<String, String> current() {
    return last;
  }

  /** "state DESCRIPTION: OLD → NEW" for each credential whose state changed since last time. */
  List<String> changes() throws Exception {
    List<String> changes = new ArrayList<>();
    for (Map.Entry<String, Callable<String>> watched : states.entrySet()) {
      String now = watched.getValue().call();
      String before = last.put(watched.getKey(), now);
      if (!now.equals(before)) {
        changes.add("state  " + watched.getKey() + ": " + before + " → " + now);
      }
    }
    return changes;
  }
}
