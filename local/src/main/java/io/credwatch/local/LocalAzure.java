package io.credwatch.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./credwatch local azure}: on 127.0.0.1:8091, the stand-in for the managed-identity
 * endpoint, Microsoft Graph, Azure Resource Manager and a Teams Workflows webhook that prints each
 * card it receives. It holds the service principal, the federated credential and the SSH key that
 * the bundled Azure examples add, as Entra and ARM would hold them right after those calls: the
 * examples are genuine as they are.
 */
final class LocalAzure implements LocalCloud.Setup {
  static final int PORT = 8091;
  static final String IDENTITY_HEADER = "local";

  /** The function app's own service principal: the oid of the tokens the stand-in issues. */
  static final String OWN_OBJECT_ID = "00000000-0000-4000-8000-00000c4ed0a7";

  /** The example the printed commands run. */
  static final String EXAMPLE = "examples/events/azure/eventhub-entra-audit-logs.json";

  private static final String SERVICE_PRINCIPAL =
      "/v1.0/servicePrincipals/5e6f7a8b-4444-4c5d-8e6f-bbbbbbbbbbbb";
  private static final String ARM =
      "/subscriptions/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/";
  private static final String FEDERATED_CREDENTIAL =
      ARM
          + "rg-batch/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi-batch-jobs"
          + "/federatedIdentityCredentials/external-oidc";
  private static final String SSH_KEY =
      ARM + "rg-jump/providers/Microsoft.Compute/sshPublicKeys/jump-admin";

  private final AzureApis azure;
  private final Path root;
  private final Watch watch = new Watch();
  private final List<String> seeded = new ArrayList<>();
  private final WriteCalls writes = new WriteCalls();
  private int cardsPrinted;

  private LocalAzure(AzureApis azure, Path root) {
    this.azure = azure;
    this.root = root;
  }

  static LocalAzure start(Path root, Path work) throws IOException {
    AzureApis azure = new AzureApis(PORT, IDENTITY_HEADER, OWN_OBJECT_ID);
    try {
      LocalAzure local = new LocalAzure(azure, root);
      local.seed();
      return local;
    } catch (Exception failed) {
      azure.close();
      throw new IllegalStateException(failed.getMessage(), failed);
    }
  }

  private void seed() throws Exception {
    // eventhub-entra-audit-logs.json: password backup-sync added to service principal payments-api
    // beside its older one.
    azure.put(
        SERVICE_PRINCIPAL,
        "{\"id\":\"5e6f7a8b-4444-4c5d-8e6f-bbbbbbbbbbbb\",\"displayName\":\"payments-api\","
            + "\"passwordCredentials\":["
            + "{\"keyId\":\"0c7a1b2e-2222-4c3d-8e9f-000000000001\",\"displayName\":"
            + "\"prod-rotation-2026-06\",\"startDateTime\":\"2026-06-01T09:00:00Z\"},"
            + "{\"keyId\":\"f3b8e2d1-3333-4d4e-9f0a-000000000002\",\"displayName\":\"backup-sync\","
            + "\"startDateTime\":\"2026-11-20T11:02:14Z\"}]}");
    for (String key :
        List.of("f3b8e2d1-3333-4d4e-9f0a-000000000002", "0c7a1b2e-2222-4c3d-8e9f-000000000001")) {
      watch.add(
          "password " + key + " of service principal payments-api",
          () -> azure.object(SERVICE_PRINCIPAL).toString().contains(key) ? "present" : "removed");
    }
    // eventgrid-arm-events.json: federated credential external-oidc on mi-batch-jobs.
    azure.put(
        FEDERATED_CREDENTIAL,
        "{\"name\":\"external-oidc\",\"properties\":{\"issuer\":\"https://token.example.net\","
            + "\"subject\":\"repo:outside/tools:ref:refs/heads/main\",\"audiences\":"
            + "[\"api://AzureADTokenExchange\"]},\"systemData\":{\"createdAt\":"
            + "\"2026-11-20T11:10:00Z\",\"lastModifiedAt\":\"2026-11-20T11:10:00Z\"}}");
    watch.add(
        "federated credential external-oidc of managed identity mi-batch-jobs",
        () -> azure.exists(FEDERATED_CREDENTIAL) ? "present" : "deleted");
    // cloudevent-ssh-public-key.json: SSH public key resource jump-admin.
    azure.put(
        SSH_KEY,
        "{\"name\":\"jump-admin\",\"properties\":{\"publicKey\":\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5"
            + "AAAAIHuhLJDO+5UQLCV2ZgxzVuPAvZXxPL2/ApvdwSyFDNWJ\"},\"systemData\":{\"createdAt\":"
            + "\"2026-11-20T11:12:00Z\",\"lastModifiedAt\":\"2026-11-20T11:12:00Z\"}}");
    watch.add(
        "SSH public key jump-admin in rg-jump",
        () -> azure.exists(SSH_KEY) ? "present" : "deleted");
    watch.current().forEach((what, state) -> seeded.add(what + ": " + state));
    // The local cloud emitted the examples' records: Entra's audit log and the Activity Log hold
    // them, where enforce mode confirms each before it acts.
    java.nio.file.Path examples = root.resolve("examples/events/azure");
    azure.audits(
        java.nio.file.Files.readString(examples.resolve("eventhub-entra-audit-logs.json")));
    for (String event : List.of("eventgrid-arm-events.json", "cloudevent-ssh-public-key.json")) {
      azure.activity(java.nio.file.Files.readString(examples.resolve(event)));
    }
    seeded.add(
        "Entra's audit log (Graph directoryAudits) and the Activity Log: the examples' records");
  }

  @Override
  public List<String> started() {
    return List.of(
        "the stand-in for the managed-identity endpoint, Microsoft Graph, Azure Resource Manager"
            + " and a Teams Workflows webhook on "
            + azure.endpoint()
            + " (in this process); the function's own object id: "
            + OWN_OBJECT_ID);
  }

  @Override
  public List<String> seeded() {
    return seeded;
  }

  @Override
  public Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    for (String name :
        List.of(
            "IDENTITY_ENDPOINT",
            "IDENTITY_HEADER",
            "CREDWATCH_GRAPH_ENDPOINT",
            "CREDWATCH_ARM_ENDPOINT",
            "CREDWATCH_TEAMS_WEBHOOK_URL")) {
      environment.put(name, azure.environment().get(name));
    }
    return environment;
  }

  @Override
  public List<String> commands() {
    String event = LocalCloud.typed(root.resolve(EXAMPLE));
    return List.of(
        "CREDWATCH_REMEDIATION=dry-run ./credwatch azure-invoke " + event,
        "CREDWATCH_REMEDIATION=enforce ./credwatch azure-invoke " + event);
  }

  @Override
  public List<String> poll() throws Exception {
    List<String> lines = writes.since(azure.calls(), call -> call);
    List<JsonNode> cards = azure.teamsPosts();
    for (; cardsPrinted < cards.size(); cardsPrinted++) {
      lines.add("alert  Teams card:");
      for (String line : TeamsCardText.lines(cards.get(cardsPrinted))) {
        lines.add("         " + line);
      }
    }
    lines.addAll(watch.changes());
    return lines;
  }

  @Override
  public void close() {
    azure.close();
  }
}
