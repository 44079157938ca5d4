package io.credwatch.respond;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.http.BearerRest;
import io.credwatch.respond.VerifiedRemediation.StepFailed;
import java.net.URI;
import java.util.Optional;

/**
 * The steps for a credential that one REST URL reads (Google and Azure APIs, over {@link
 * BearerRest}): a 404 means it is not there. {@link Removal} deletes it.
 */
public abstract class RestSteps implements VerifiedRemediation.Steps<JsonNode> {
  /** How a cloud words a refused call: what was being done, and which permission it needs. */
  @FunctionalInterface
  public interface Failures {
    Outcome.Failed failure(BearerRest.CallFailed failed, String doing, String permission);
  }

  protected final BearerRest rest;
  protected final URI uri;
  protected final String readPermission;
  private final Failures failures;

  protected RestSteps(BearerRest rest, URI uri, String readPermission, Failures failures) {
    this.rest = rest;
    this.uri = uri;
    this.readPermission = readPermission;
    this.failures = failures;
  }

  @Override
  public Optional<JsonNode> find(String doing) throws StepFailed {
    try {
      return rest.getIfExists(uri).filter(found -> !gone(found));
    } catch (BearerRest.CallFailed failed) {
      throw failed(failed, doing, readPermission);
    }
  }

  /** True when the resource is there but deleted (kept a while for undeletion). */
  protected boolean gone(JsonNode found) {
    return false;
  }

  /** A refused call, worded by the cloud. */
  protected StepFailed failed(BearerRest.CallFailed failed, String doing, String permission) {
    return new StepFailed(failures.failure(failed, doing, permission));
  }

  /** Steps that delete the resource: done when it is gone. */
  public abstract static class Removal extends RestSteps
      implements VerifiedRemediation.Removal<JsonNode> {
    private final String deletePermission;

    protected Removal(
        BearerRest rest,
        URI uri,
        String readPermission,
        String deletePermission,
        Failures failures) {
      super(rest, uri, readPermission, failures);
      this.deletePermission = deletePermission;
    }

    @Override
    public Optional<String> act(JsonNode found) throws StepFailed {
      try {
        rest.delete(uri);
      } catch (BearerRest.CallFailed failed) {
        throw failed(failed, "delete " + what(), deletePermission);
      }
      return Optional.empty();
    }
  }
}
