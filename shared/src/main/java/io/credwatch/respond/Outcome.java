package io.credwatch.respond;

/** The result of a remediation attempt: a value, never an exception (architecture §1). */
public sealed interface Outcome
    permits Outcome.Applied,
        Outcome.AlreadyApplied,
        Outcome.DryRun,
        Outcome.Pending,
        Outcome.Skipped,
        Outcome.Failed {

  /**
   * {@code applied}, {@code already-applied}, {@code dry-run}, {@code pending}, {@code skipped} or
   * {@code failed}.
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

  /**
   * Waiting for the cloud's log to confirm the event ({@link Provenance}): nothing touched yet; a
   * follow-up with the same alert id says what was done.
   */
  record Pending(String detail) implements Outcome {
    @Override
    public String id() {
      return "pending";
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
