package io.credwatch.gcp;

import io.credwatch.http.BearerRest;
import io.credwatch.local.GoogleApis;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The local cloud's stand-in for Google APIs ({@link GoogleApis}) on a free port, with the shared
 * service-account key sample, and a REST client for the function's own code.
 */
final class GoogleApiStandIn extends GoogleApis {
  static final String OWN_ACCOUNT = "credwatch-function@acme-sec.iam.gserviceaccount.com";

  /** The user-managed key of the shared service-account key sample, and its account. */
  static final String KEY = "3f8a1c6e9b2d4f7051a8c3e6b9d2f4a7c1e5b8d0";

  static final String ACCOUNT = "etl-runner@acme-prod-1.iam.gserviceaccount.com";

  /** The key's validAfterTime, as in the sample's response. */
  static final String CREATED = "2024-12-06T13:00:00Z";

  private static final String KEY_PATH =
      "/v1/projects/-/serviceAccounts/etl-runner%40acme-prod-1.iam.gserviceaccount.com/keys/" + KEY;

  /** Every API call so far (see {@link GoogleApis#calls()}). */
  final List<String> calls = calls();

  GoogleApiStandIn() throws IOException {
    super(0, OWN_ACCOUNT);
  }

  /** A stand-in holding the sample's enabled service-account key. */
  static GoogleApiStandIn withServiceAccountKey() throws IOException {
    GoogleApiStandIn google = new GoogleApiStandIn();
    google.serviceAccountKey("USER_MANAGED");
    return google;
  }

  /** (Re)creates the sample's service-account key, enabled, of that type. */
  void serviceAccountKey(String keyType) throws IOException {
    put(
        KEY_PATH,
        "{\"name\":\"projects/acme-prod-1/serviceAccounts/"
            + ACCOUNT
            + "/keys/"
            + KEY
            + "\",\"validAfterTime\":\""
            + CREATED
            + "\",\"keyType\":\""
            + keyType
            + "\"}");
  }

  boolean keyDisabled() {
    return resource(KEY_PATH).path("disabled").asBoolean(false);
  }

  /** Another enabled user-managed key of the sample's service account, by its id. */
  void otherKey(String keyId) throws IOException {
    put(
        KEY_PATH.replace(KEY, keyId),
        "{\"name\":\"projects/acme-prod-1/serviceAccounts/"
            + ACCOUNT
            + "/keys/"
            + keyId
            + "\",\"validAfterTime\":\""
            + CREATED
            + "\",\"keyType\":\"USER_MANAGED\"}");
  }

  boolean keyDisabled(String keyId) {
    return resource(KEY_PATH.replace(KEY, keyId)).path("disabled").asBoolean(false);
  }

  /** A REST client for this stand-in's APIs, with a metadata-server token from it. */
  BearerRest rest() {
    HttpClient http = HttpClient.newHttpClient();
    MetadataToken token =
        new MetadataToken(http, Map.of("GCE_METADATA_HOST", host()), Clock.systemUTC());
    return new BearerRest(http, token::get, endpoint());
  }
}
