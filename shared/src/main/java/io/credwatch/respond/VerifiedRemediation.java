package io.credwatch.respond;

import java.util.Optional;

/**
 * The safety protocol every remediator goes through (architecture §6), written once: find the
 * credential; check that it is the one the event added (on that target, created at the event's
 * time); if it is already disabled or removed, report {@code already-applied}; in dry-run, report
 * what enforce would do; act; read it back; record the undo. A cloud supplies only the {@link
 * Steps} for one kind of credential, and maps its own errors to {@link StepFailed}.
 */
public final class VerifiedRemediation {
  private VerifiedRemediation() {}

  /** A cloud call that failed, carrying the outcome the cloud's error mapping chose for it. */
  public static final class StepFailed extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Outcome.Failed outcome;

    public StepFailed(Outcome.Failed outcome) {
      super(outcome.detail(), null, false, false);
      this.outcome = outcome;
    }

    public Outcome.Failed outcome() {
      return outcome;
    }
  }

  /**
   * One credential as one cloud holds it.
   *
   * @param <C> what the cloud returns for it
   */
  public interface Steps<C> {
    /** The credential in words, for example "access key AKIA… of IAM user bob". */
    String what();

    /**
     * The credential as the cloud holds it now; empty when it is not there (or is deleted).
     *
     * @param doing what the call is for, for error messages: "read X" or "read back X"
     */
    Optional<C> find(String doing) throws StepFailed;

    /** What it means that the credential is not there: already removed, or not found. */
    Outcome absent() throws StepFailed;

    /**
     * Why the credential found is not the one the event added, beyond its creation time (another
     * owner, another key under the same name), or empty.
     */
    default Optional<Outcome> notThisOne(C found) {
      return Optional.empty();
    }

    /**
     * When the cloud says the credential was created (ISO-8601), compared with the event's time;
     * empty when the cloud keeps no such time for it.
     */
    Optional<String> createdAt(C found);

    /** True when it is already in the state enforce leaves it in (a redelivered event). */
    default boolean alreadyDone(C found) {
      return false;
    }

    /** That state, in a word or two, for example "Inactive". */
    default String doneState(C found) {
      return "";
    }

    /** What a dry-run verified, after the credential's name: "exists and is Active". */
    String verified(C found);

    /** What enforce does, for the dry-run report: "set it to Inactive". */
    String wouldDo();

    /**
     * Acts on the credential.
     *
     * @return what was asked of the cloud when it finishes in the background (an operation still
     *     running), or empty
     */
    Optional<String> act(C found) throws StepFailed;

    /** What was done, in the past tense: "set access key AKIA… of IAM user bob to Inactive". */
    String did();

    /**
     * True when the credential read back after acting shows it done: by default, in the state a
     * redelivered event finds {@link #alreadyDone} (for a removal: gone).
     */
    default boolean confirmed(Optional<C> after) {
      return after.map(this::alreadyDone).orElse(false);
    }

    /** What was read back, in words: "Inactive", "gone", "still Active". */
    String readBack(Optional<C> after);
  }

  /**
   * Steps whose action removes the credential (deletes it, or takes it off its owner): done once
   * reading it back finds it gone.
   */
  public interface Removal<C> extends Steps<C> {
    @Override
    default String wouldDo() {
      return "delete it";
    }

    @Override
    default String did() {
      return "deleted " + what();
    }

    @Override
    default boolean confirmed(Optional<C> after) {
      return after.isEmpty();
    }

    @Override
    default String readBack(Optional<C> after) {
      return after.isEmpty() ? "gone" : "it still there";
    }
  }

  /** Runs the protocol for one plan. */
  public static <C> Outcome run(RemediationPlan.Act plan, RemediationMode mode, Steps<C> steps) {
    try {
      Optional<C> found = steps.find("read " + steps.what());
      if (found.isEmpty()) {
        return steps.absent();
      }
      Optional<Outcome> refused = steps.notThisOne(found.get());
      if (refused.isPresent()) {
        return refused.get();
      }
      Optional<String> created = steps.createdAt(found.get());
      if (created.isPresent()) {
        Optional<Outcome> mismatch =
            RemediationChecks.notCreatedByThisEvent(steps.what(), created.get(), plan.createdAt());
        if (mismatch.isPresent()) {
          return mismatch.get();
        }
      }
      if (steps.alreadyDone(found.get())) {
        return new Outcome.AlreadyApplied(
            steps.what() + " is already " + steps.doneState(found.get()), plan.undo());
      }
      if (mode != RemediationMode.ENFORCE) {
        return new Outcome.DryRun(
            "verified: "
                + steps.what()
                + " "
                + steps.verified(found.get())
                + "; enforce mode would "
                + steps.wouldDo());
      }
      Optional<String> pending = steps.act(found.get());
      Optional<C> after = steps.find("read back " + steps.what());
      if (steps.confirmed(after)) {
        return new Outcome.Applied(
            steps.did() + "; read back: " + steps.readBack(after), plan.undo());
      }
      if (pending.isPresent()) {
        return new Outcome.Applied(pending.get(), plan.undo());
      }
      return new Outcome.Failed(
          steps.did() + ", but reading it back shows " + steps.readBack(after), true);
    } catch (StepFailed failed) {
      return failed.outcome();
    }
  }
}
