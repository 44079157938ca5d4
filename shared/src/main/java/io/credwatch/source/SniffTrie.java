package io.credwatch.source;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The paths of {@link SniffField} as a trie, walked in step with the streaming parser. */
final class SniffTrie {
  /** Root-level arrays whose elements are records in their own right (envelopes). */
  static final Set<String> ENVELOPE_ARRAYS = Set.of("Records", "records", "value");

  final Node root = new Node("");

  SniffTrie() {
    for (SniffField field : SniffField.values()) {
      Node node = root;
      StringBuilder path = new StringBuilder();
      for (String segment : field.path().split("\\.", -1)) {
        String name = segment.endsWith("[]") ? segment.substring(0, segment.length() - 2) : segment;
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(name);
        String nodePath = path.toString();
        node = node.children.computeIfAbsent(name, ignored -> new Node(nodePath));
      }
      node.capture = field;
    }
    for (String envelope : ENVELOPE_ARRAYS) {
      root.children.computeIfAbsent(envelope, ignored -> new Node(envelope)).envelope = true;
    }
  }

  static final class Node {
    final String path;
    final Map<String, Node> children = new HashMap<>();
    @Nullable SniffField capture;
    boolean envelope;

    Node(String path) {
      this.path = path;
    }

    @Nullable Node child(String name) {
      return children.get(name);
    }

    boolean hasChildren() {
      return !children.isEmpty();
    }
  }
}
