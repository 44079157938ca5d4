package io.credwatch.rule;

import java.util.regex.Pattern;

/** Shell-style globs: {@code *} matches any text, {@code ?} one character, all else literally. */
public final class Globs {
  private Globs() {}

  public static Pattern compile(String glob, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
    }
    int flags = ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
    return Pattern.compile(regex.toString(), flags | Pattern.DOTALL);
  }

  /** True when the glob matches the whole text. */
  public static boolean matches(String glob, String text, boolean ignoreCase) {
    return compile(glob, ignoreCase).matcher(text).matches();
  }
}
