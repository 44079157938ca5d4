package io.credwatch.respond;

import java.util.regex.Pattern;

/**
 * Quoting for the undo commands alerts show: values come from audit records, and a person may paste
 * the command into a shell.
 */
public final class ShellWords {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");

  private ShellWords() {}

  /** The value as one POSIX shell word. */
  public static String quote(String value) {
    if (SAFE.matcher(value).matches()) {
      return value;
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
