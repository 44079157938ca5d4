package io.credwatch.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * A record field holds the wrong JSON type. When the field's place in the record's tree is known,
 * the reader sets it aside and reads the record again, reporting the field among the reasons (the
 * record is degraded, not lost); otherwise the record is malformed.
 */
final class WrongTypeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient @Nullable ObjectNode parent;
  private final String member;

  WrongTypeException(String path, String expected, String actual) {
    this(path, expected, actual, null, "");
  }

  /** The field is {@code member} of {@code parent}, in the tree being read. */
  WrongTypeException(
      String path, String expected, String actual, @Nullable ObjectNode parent, String member) {
    super("field " + path + " should be " + expected + " but is " + actual);
    this.parent = parent;
    this.member = member;
  }

  /** Sets the field aside (as null, which every reader takes as absent); false when it cannot. */
  boolean setAside() {
    if (parent == null || member.isEmpty() || !parent.has(member) || parent.get(member).isNull()) {
      return false;
    }
    parent.putNull(member);
    return true;
  }
}
