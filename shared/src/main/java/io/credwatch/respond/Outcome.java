package io.credwatch.respond;

/** The result of a remediation attempt: a value, never an exception (architecture §1). */
public sealed interface Outcome
    permits Outcome.Applied,
        Outcome.AlreadyApplied,
        Outcome.DryRun,
        Outcome.Skipped,
        Outcome.Failed {

  /**
   * {@code applied}, {@code already-applied}, {@code dry-run}, {@code skipped} or {@code failed}.
   */
  String id();

  /** What happened, for people. */
  String detail();

  /** How to undo it, or "". */
  default String undo() {
    return "";
  }

  /** Done and read back. */
  record Applied(String detail, String undo) implements Outcome {
    @Override
    public String id() {
      return "applied";
    }
  }

  /** Already in the wanted state (a redelivered event). */
  record AlreadyApplied(String detail, String undo) implements Outcome {
    @Override
    public String id() {
      return "already-applied";
    }
  }

  /** Verified read-only; would have acted in enforce mode. */
  record DryRun(String detail) implements Outcome {
    @Override
    public String id() {
      return "dry-run";
    }
  }

  /** Not attempted, and why (policy, protection, missing facts). */
  record Skipped(String detail) implements Outcome {
    @Override
    public String id() {
      return "skipped";
    }
  }

  /**
   * Attempted and failed: access denied, not found, throttled, timed out.
   *
   * @param retryable true when trying again later may succeed (throttling, timeouts)
   */
  record Failed(String detail, boolean retryable) implements Outcome {
    @Override
    public String id() {
      return "failed";
    }
  }
}
