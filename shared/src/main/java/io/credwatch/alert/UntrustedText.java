package io.credwatch.alert;

import java.util.regex.Pattern;

/**
 * Neutralises caller-controlled text (user names, key descriptions, user agents, issuer URLs)
 * before it reaches a person, per medium.
 *
 * <ul>
 *   <li>Control characters, line breaks, bidirectional overrides and invisible characters become
 *       visible escapes ({@code \n}, {@code \u202E}), so text cannot fake lines or reorder itself.
 *   <li>URL schemes are defanged ({@code hxxps://}) so that mail and chat clients do not turn them
 *       into links.
 *   <li>For Teams, Markdown and mention syntax is escaped so that text cannot render as links,
 *       emphasis, headings, lists or {@code <at>} mentions.
 * </ul>
 */
public final class UntrustedText {
  private static final Pattern SCHEME = Pattern.compile("(?i)\\b(h)(tt)(ps?|p)(://)");
  private static final Pattern OTHER_SCHEMES =
      Pattern.compile("(?i)\\b(ftp|file|javascript|data|mailto):");
  // Renderers that autolink GitHub-style turn "www.host" into a link without any scheme.
  private static final Pattern WWW = Pattern.compile("(?i)\\b(www)\\.");
  private static final String ELLIPSIS = "…";

  private UntrustedText() {}

  /** For terminals, logs and plain-text mail: one line, visible escapes, defanged, at most max. */
  public static String plain(String text, int max) {
    return truncate(defang(visible(text, max)), max);
  }

  /**
   * For a command line CredWatch built (an undo step) shown on a terminal: one line with visible
   * escapes, but not defanged, so that it can be copied and run. Only for commands whose untrusted
   * parts were quoted with {@code ShellWords}.
   */
  public static String command(String text, int max) {
    return truncate(visible(text, max), max);
  }

  /** One line: control, format and bidirectional characters written as visible escapes. */
  private static String visible(String text, int max) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      i += Character.charCount(codePoint);
      appendVisible(out, codePoint);
    }
    return out.toString();
  }

  /** For an SNS or mail subject: plain text without the escapes' backslashes doubling up. */
  public static String subject(String text, int max) {
    return plain(text, max);
  }

  /**
   * For a plain-text label that Teams shows as is (button titles): plain, and angle brackets become
   * single guillemets so that no {@code <at>} mention tag can form.
   */
  public static String label(String text, int max) {
    return plain(text, max).replace('<', '‹').replace('>', '›');
  }

  /**
   * For an Adaptive Card TextBlock or FactSet value (Markdown subset): plain, then escaped just
   * enough that nothing can form. The text is one line (plain), so block syntax matters only at its
   * start ({@code - + #} and {@code 1.}); inline, emphasis ({@code * _ ~}), code, links and images
   * ({@code [ ]}, without which no {@code ](} can form) and Adaptive Card date functions ({@code {
   * }}) are escaped. Angle brackets become single guillemets so that no {@code <at>} mention or
   * HTML tag can form. Everything else stays as is: an escaped hyphen in an undo command is one
   * more thing an on-call engineer must not copy.
   */
  public static String teams(String text, int max) {
    String plain = plain(text, max);
    StringBuilder out = new StringBuilder(plain.length() + 16);
    for (int i = 0; i < plain.length(); i++) {
      char c = plain.charAt(i);
      switch (c) {
        case '<' -> out.append('‹');
        case '>' -> out.append('›');
        case '\\', '*', '_', '~', '`', '[', ']', '{', '}' -> out.append('\\').append(c);
        case '-', '+', '#' -> {
          if (i == 0) {
            out.append('\\');
          }
          out.append(c);
        }
        case '.', ')' -> {
          // "1. " or "1) " at the start would begin a numbered list.
          if (i > 0
              && isDigits(plain, 0, i)
              && (i + 1 == plain.length() || plain.charAt(i + 1) == ' ')) {
            out.append('\\');
          }
          out.append(c);
        }
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isDigits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Character.isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static void appendVisible(StringBuilder out, int codePoint) {
    switch (codePoint) {
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      default -> {
        if (isHidden(codePoint)) {
          out.append(String.format(java.util.Locale.ROOT, "\\u%04X", codePoint));
        } else {
          out.appendCodePoint(codePoint);
        }
      }
    }
  }

  /** Control, format (bidi, zero-width), line/paragraph separators and unassigned code points. */
  private static boolean isHidden(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.UNASSIGNED
        || type == Character.PRIVATE_USE
        || type == Character.SURROGATE;
  }

  private static String defang(String text) {
    String schemes = SCHEME.matcher(text).replaceAll("$1xx$3$4");
    String other = OTHER_SCHEMES.matcher(schemes).replaceAll("$1[:]");
    return WWW.matcher(other).replaceAll("$1[.]");
  }

  /**
   * At most {@code max} characters, unchanged otherwise: for identifiers that must stay exact (a
   * key id, an ARN) in a field with a length limit. Never splits a surrogate pair.
   */
  public static String truncate(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = Math.max(0, max - ELLIPSIS.length());
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + ELLIPSIS;
  }
}
