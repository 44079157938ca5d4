package io.credwatch.source;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The paths of the shapes' {@link SniffField}s and {@link ShapeKey}s as a trie, walked in step with
 * the streaming parser. Built once the shape table has declared them all.
 */
final class SniffTrie {
  /**
   * Root-level arrays whose elements are records in their own right (envelopes): CloudTrail log
   * files and Event Hubs batches ({@code Records}, {@code records}), Graph lists ({@code value}),
   * {@code aws cloudtrail lookup-events} ({@code Events}) and the Log Analytics query API ({@code
   * tables}).
   */
  static final Set<String> ENVELOPE_ARRAYS =
      Set.of("Records", "records", "value", "Events", "tables");

  final Node root = new Node("");

  SniffTrie(List<SniffField> fields, List<ShapeKey> keys) {
    for (SniffField field : fields) {
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
    for (ShapeKey key : keys) {
      root.children.computeIfAbsent(key.member(), ignored -> new Node(key.member())).shapeKey = key;
    }
    for (String envelope : ENVELOPE_ARRAYS) {
      root.children.computeIfAbsent(envelope, ignored -> new Node(envelope)).envelope = true;
    }
    root.freeze();
  }

  static final class Node {
    final String path;
    final Map<String, Node> children = new HashMap<>();
    @Nullable SniffField capture;
    boolean envelope;
    @Nullable ShapeKey shapeKey;

    Node(String path) {
      this.path = path;
    }

    private static final int SCAN_LIMIT = 8;
    private String[] childNames = new String[0];
    private Node[] childNodes = new Node[0];
    private @Nullable IdentityMemo<Node> lookup;

    /**
     * The child for a member name. Small nodes scan an array comparing references first: the
     * reader's factory interns member names and the trie's names are literals, so one comparison
     * usually decides, and equals() keeps it correct otherwise. Large nodes (the root) hash.
     */
    @SuppressWarnings("ReferenceEquality") // deliberate, with equals() as the fallback
    @Nullable Node child(String name) {
      IdentityMemo<Node> memo = lookup;
      if (memo != null) {
        return memo.get(name);
      }
      String[] names = childNames;
      for (int i = 0; i < names.length; i++) {
        if (names[i] == name) {
          return childNodes[i];
        }
      }
      for (int i = 0; i < names.length; i++) {
        if (names[i].length() == name.length() && names[i].equals(name)) {
          return childNodes[i];
        }
      }
      return null;
    }

    /** Freezes the children into the structure {@link #child} searches. */
    void freeze() {
      childNames = children.keySet().stream().map(String::intern).toArray(String[]::new);
      childNodes = new Node[childNames.length];
      for (int i = 0; i < childNames.length; i++) {
        childNodes[i] = children.get(childNames[i]);
        childNodes[i].freeze();
      }
      Map<String, Node> frozen = Map.copyOf(children);
      // Hits and misses alike are memoised: a stream repeats a few dozen member names.
      lookup = childNames.length > SCAN_LIMIT ? new IdentityMemo<>(1024, frozen::get) : null;
    }

    boolean hasChildren() {
      return !children.isEmpty();
    }

    /** True for nodes that only mark a shape key's presence: their value is skipped unread. */
    boolean presenceOnly() {
      return children.isEmpty() && capture == null;
    }
  }
}
