package io.credwatch.rule;

/**
 * A rule file is invalid. Names the file and the path inside it, like pySigma's SigmaRuleLocation:
 * {@code rules/aws_x.yml: severity.modifiers[1].set: ...}.
 */
public final class RuleDefinitionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String path;

  public RuleDefinitionException(String file, String path, String reason) {
    super(file + (path.isEmpty() ? "" : ": " + path) + ": " + reason);
    this.file = file;
    this.path = path;
  }

  public String file() {
    return file;
  }

  public String path() {
    return path;
  }
}
