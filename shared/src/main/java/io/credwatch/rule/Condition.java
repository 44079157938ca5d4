package io.credwatch.rule;

import io.credwatch.event.CredentialEvent;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** A condition of a rule's {@code match} tree or of a severity modifier's {@code when}. */
public sealed interface Condition
    permits Condition.Always,
        Condition.All,
        Condition.Any,
        Condition.Not,
        Condition.FieldIn,
        Condition.FieldExists,
        Condition.FieldGlob,
        Condition.FieldText,
        Condition.FieldCompare,
        Condition.HasFlag {

  /** True when the event, with its computed context flags, satisfies the condition. */
  boolean test(CredentialEvent event, Set<ContextFlag> flags);

  /** Every flag the condition names (for validation). */
  default Set<ContextFlag> flagsUsed() {
    return EnumSet.noneOf(ContextFlag.class);
  }

  /** No condition: always true. */
  record Always() implements Condition {
    @Override
    public boolean test(CredentialEvent event, Set<ContextFlag> flags) {
      return true;
    }
  }

  /** Every condition holds. */
  record All(List<Condition> conditions) implements Condition {
    public All {
      conditions = List.copyOf(conditions);
    }

    @Override
    public boolean test(CredentialEvent event, Set<ContextFlag> flags) {
      for (Condition condition : conditions) {
        if (!condition.test(event, flags)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public Set<ContextFlag> flagsUsed() {
      return union(conditions);
    }
  }

  /** At least one condition holds. */
  record Any(List<Condition> conditions) implements Condition {
    public Any {
      conditions = List.copyOf(conditions);
    }

    @Override
    public boolean test(CredentialEvent event, Set<ContextFlag> flags) {
      for (Condition condition : conditions) {
        if (condition.test(event, flags)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public Set<ContextFlag> flagsUsed() {
      return union(conditions);
    }
  }

  /** The condition does not hold. */
  record Not(Condition condition) implements Condition {
    @Override
    public boolean test(CredentialEvent event, Set<ContextFlag> flags) {
      return !condition.test(event, flags);
    }

    @Override
    public Set<ContextFlag> flagsUsed() {
      return condition.flagsUsed();
    }
  }

  /** The field equals one of the values ({@code equals:} or {@code in:}). */
  record FieldIn(String field, Set<String> values, boolean ignoreCase) implements Condition {
    public FieldIn {
      values = ignoreCase ? lowered(values) : Set.copyOf(values);
    }

    @Override
    public boolean test(CredentialEvent event, Set<ContextFlag> flags) {
      String value = EventFields.value(event, field);
      return values.contains(ignoreCase ? value.toLowerCase(Locale.ROOT) : value);
    }
  }

  /** The field is present (non-empty) or absent. */
  record FieldExists(String field, boolean expected) implements Condition {
    @Override
    public boolean test(CredentialEvent event, Set<ContextFlag> flags) {
      return !EventFields.value(event, field).isEmpty() == expected;
    }
  }

  /** The field matches one of the globs ({@code *} any text, {@code ?} one character). */
  record FieldGlob(String field, List<Pattern> patterns) implements Condition {
    public FieldGlob {
      patterns = List.copyOf(patterns);
    }

    public static FieldGlob of(String field, List<String> globs, boolean ignoreCase) {
      return new FieldGlob(field, globs.stream().map(g -> Globs.compile(g, ignoreCase)).toList());
    }

    @Override
    public boolean test(CredentialEvent event, Set<ContextFlag> flags) {
      String value = EventFields.value(event, field);
      for (Pattern pattern : patterns) {
        if (pattern.matcher(value).matches()) {
          return true;
        }
      }
      return false;
    }
  }

  /** Substring tests: {@code contains}, {@code startsWith}, {@code endsWith}. */
  record FieldText(String field, Test kind, String text, boolean ignoreCase) implements Condition {
    /** Which substring test. */
    public enum Test {
      CONTAINS,
      STARTS_WITH,
      ENDS_WITH
    }

    @Override
    public boolean test(CredentialEvent event, Set<ContextFlag> flags) {
      String value = EventFields.value(event, field);
      String wanted = text;
      if (ignoreCase) {
        value = value.toLowerCase(Locale.ROOT);
        wanted = wanted.toLowerCase(Locale.ROOT);
      }
      return switch (kind) {
        case CONTAINS -> value.contains(wanted);
        case STARTS_WITH -> value.startsWith(wanted);
        case ENDS_WITH -> value.endsWith(wanted);
      };
    }
  }

  /**
   * Field-to-field comparison ({@code equalsField:} / {@code notEqualsField:}): compares the two
   * fields' values, never a field with the literal text of a field name. Two empty fields are never
   * equal: an unknown value proves nothing.
   */
  record FieldCompare(String field, String other, boolean equal, boolean ignoreCase)
      implements Condition {
    @Override
    public boolean test(CredentialEvent event, Set<ContextFlag> flags) {
      String left = EventFields.value(event, field);
      String right = EventFields.value(event, other);
      boolean same =
          !left.isEmpty() && (ignoreCase ? left.equalsIgnoreCase(right) : left.equals(right));
      return same == equal;
    }
  }

  /** A context flag is set. */
  record HasFlag(ContextFlag flag) implements Condition {
    @Override
    public boolean test(CredentialEvent event, Set<ContextFlag> flags) {
      return flags.contains(flag);
    }

    @Override
    public Set<ContextFlag> flagsUsed() {
      return EnumSet.of(flag);
    }
  }

  private static Set<ContextFlag> union(List<Condition> conditions) {
    Set<ContextFlag> flags = EnumSet.noneOf(ContextFlag.class);
    conditions.forEach(c -> flags.addAll(c.flagsUsed()));
    return flags;
  }

  private static Set<String> lowered(Set<String> values) {
    return values.stream()
        .map(v -> v.toLowerCase(Locale.ROOT))
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }
}
