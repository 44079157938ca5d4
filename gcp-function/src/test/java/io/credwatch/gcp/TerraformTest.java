package io.credwatch.gcp;

import static io.credwatch.gcp.TerraformConfig.block;
import static io.credwatch.gcp.TerraformConfig.expr;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.credwatch.config.Settings;
import io.credwatch.event.Cloud;
import io.credwatch.event.CredentialEvent;
import io.credwatch.event.Operation;
import io.credwatch.respond.RemediationAction;
import io.credwatch.respond.RemediationActions;
import io.credwatch.source.EventReader;
import io.credwatch.source.OperationCatalog;
import io.credwatch.source.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * infra/gcp agrees with the code: the sink filter with the operation catalogue (and with real
 * events), the custom role with the remediators' permissions, the function with its entry point and
 * settings, and every grant with least privilege. Parsed offline (see {@link TerraformConfig}).
 */
class TerraformTest {
  private static final Pattern METHOD_CLAUSE =
      Pattern.compile(
          "protoPayload\\.serviceName=\"([^\"]+)\" AND protoPayload\\.methodName([:=])\"([^\"]+)\"");
  private static final Pattern PERMISSION_CLAUSE =
      Pattern.compile("protoPayload\\.authorizationInfo\\.permission=\"([^\"]+)\"");
  private static final String FUNCTION_MEMBER = expr("local.function_member");
  private static final String LEVEL = "var.sink_level == \"%s\"";

  private static TerraformConfig tf;

  /** One method clause of the sink filter. */
  private record MethodClause(String service, String operator, String method) {
    boolean matches(String methodName) {
      // Logging query string comparisons are case-insensitive; ":" is a substring test.
      String value = method.toLowerCase(Locale.ROOT);
      String logged = methodName.toLowerCase(Locale.ROOT);
      return operator.equals(":") ? logged.contains(value) : logged.equals(value);
    }
  }

  @BeforeAll
  static void parse() {
    tf = TerraformConfig.load();
  }

  private static List<MethodClause> methodClauses() {
    List<MethodClause> clauses = new ArrayList<>();
    for (JsonNode clause : tf.local("method_clauses")) {
      Matcher m = METHOD_CLAUSE.matcher(clause.asText());
      assertThat(m.matches()).as("method clause %s", clause.asText()).isTrue();
      clauses.add(new MethodClause(m.group(1), m.group(2), m.group(3)));
    }
    return clauses;
  }

  private static Set<String> proxyPermissionClauses() {
    Set<String> permissions = new TreeSet<>();
    for (JsonNode clause : tf.local("proxy_permission_clauses")) {
      Matcher m = PERMISSION_CLAUSE.matcher(clause.asText());
      assertThat(m.matches()).as("permission clause %s", clause.asText()).isTrue();
      assertThat(permissions.add(m.group(1))).as("duplicate %s", m.group(1)).isTrue();
    }
    return permissions;
  }

  /** The filter as the sink receives it, evaluated the way the locals block writes it. */
  private static String effectiveFilter() {
    List<String> clauses = new ArrayList<>();
    tf.local("method_clauses").forEach(c -> clauses.add("(" + c.asText() + ")"));
    tf.local("proxy_permission_clauses").forEach(c -> clauses.add("(" + c.asText() + ")"));
    return "logName:\"cloudaudit.googleapis.com\" AND (" + String.join(" OR ", clauses) + ")";
  }

  @Test
  void sinkFilter_hasOneClausePerCataloguedGcpMethod() {
    List<MethodClause> clauses = methodClauses();
    Set<String> inFilter = new TreeSet<>();
    for (MethodClause clause : clauses) {
      assertThat(inFilter.add(clause.service() + ":" + clause.method()))
          .as("duplicate clause for %s", clause)
          .isTrue();
    }
    Set<String> catalogued =
        OperationCatalog.operations(Cloud.GCP).stream()
            .map(Operation::qualified)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(inFilter).isEqualTo(catalogued);
  }

  @Test
  void sinkFilter_hasOneClausePerProxyPermission() {
    assertThat(proxyPermissionClauses())
        .isEqualTo(new TreeSet<>(OperationCatalog.gcpProxyPermissions()));
  }

  @Test
  void everySinkLevel_sendsTheFilteredAuditLogsToTheAuditTopic() {
    String sinkFilter = tf.local("sink_filter").asText();
    assertThat(sinkFilter)
        .contains("logName:\\\"cloudaudit.googleapis.com\\\" AND (")
        .contains("concat(local.method_clauses, local.proxy_permission_clauses)")
        .contains("join(\" OR \"");
    assertThat(effectiveFilter().length()).isLessThan(20_000);
    assertThat(tf.local("audit_topic_destination").asText())
        .isEqualTo("pubsub.googleapis.com/" + expr("google_pubsub_topic.audit.id"));

    for (String level : List.of("organization", "folder", "project")) {
      JsonNode sink = tf.resource("google_logging_" + level + "_sink", "audit");
      assertThat(sink.path("count").asText()).contains(String.format(LEVEL, level));
      assertThat(sink.path("filter").asText()).isEqualTo(expr("local.sink_filter"));
      assertThat(sink.path("destination").asText())
          .isEqualTo(expr("local.audit_topic_destination"));
      if (level.equals("project")) {
        assertThat(sink.path("unique_writer_identity").asBoolean()).isTrue();
      } else {
        assertThat(sink.path("include_children").asBoolean()).isTrue();
      }
      assertThat(tf.local("sink_writer_identity").asText())
          .contains("google_logging_" + level + "_sink.audit[*].writer_identity");
    }
  }

  @Test
  void sinkFilter_letsThroughEveryCredentialEventOfTheCorpus() throws IOException {
    Path corpus =
        Path.of(
                System.getProperty(
                    "credwatch.corpus",
                    TerraformConfig.ROOT.resolve("../shared/corpus").toString()))
            .toAbsolutePath()
            .normalize();
    if (!Files.isDirectory(corpus)) {
      if ("1".equals(System.getenv("CREDWATCH_REQUIRE_CORPUS"))) {
        throw new AssertionError("the corpus is required (CREDWATCH_REQUIRE_CORPUS=1): " + corpus);
      }
      System.out.println("SKIPPED sinkFilter corpus check: no corpus at " + corpus);
      Assumptions.abort("no corpus at " + corpus);
    }
    List<MethodClause> clauses = methodClauses();
    Set<String> permissions = proxyPermissionClauses();
    Map<String, Integer> matchedPerClause = new TreeMap<>();
    List<String> missed = new ArrayList<>();
    int events = 0;
    EventReader reader = new EventReader();
    for (Path file : corpusFiles(corpus)) {
      for (Verdict verdict : reader.read(read(file), file.toString())) {
        if (!(verdict instanceof Verdict.Relevant relevant)) {
          continue;
        }
        for (CredentialEvent event : relevant.events()) {
          if (event.cloud() != Cloud.GCP) {
            continue;
          }
          events++;
          String where = corpus.relativize(file) + " (" + event.operation() + ")";
          String logName = event.attribute("logName");
          if (!logName.isEmpty() && !logName.contains("cloudaudit.googleapis.com")) {
            missed.add(where + ": logName " + logName);
          }
          String permission = event.attribute("viaPermission");
          if (!permission.isEmpty()) {
            if (permissions.contains(permission)) {
              matchedPerClause.merge("permission " + permission, 1, Integer::sum);
            } else {
              missed.add(where + ": no clause for permission " + permission);
            }
            continue;
          }
          String methodName = event.attribute("methodName");
          MethodClause clause =
              clauses.stream()
                  .filter(c -> c.service().equals(event.operation().service()))
                  .filter(c -> c.matches(methodName))
                  .findFirst()
                  .orElse(null);
          if (clause == null) {
            missed.add(where + ": no clause lets methodName " + methodName + " through");
          } else {
            matchedPerClause.merge(clause.service() + ":" + clause.method(), 1, Integer::sum);
          }
        }
      }
    }
    assertThat(events).as("GCP credential events in %s", corpus).isPositive();
    assertThat(missed).as("corpus events the sink would drop").isEmpty();
    List<String> withoutExample = new ArrayList<>();
    clauses.forEach(
        c -> {
          if (!matchedPerClause.containsKey(c.service() + ":" + c.method())) {
            withoutExample.add(c.service() + ":" + c.method());
          }
        });
    System.out.println(
        "TerraformTest: sink clauses matched by corpus events "
            + matchedPerClause
            + "; without a corpus example: "
            + withoutExample);
  }

  private static List<Path> corpusFiles(Path corpus) throws IOException {
    try (Stream<Path> files = Files.walk(corpus)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              f -> {
                String name = f.getFileName().toString();
                return (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".gz"))
                    && !name.equals("expected.json");
              })
          .sorted()
          .toList();
    }
  }

  private static byte[] read(Path file) throws IOException {
    if (!file.getFileName().toString().endsWith(".gz")) {
      return Files.readAllBytes(file);
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return in.readAllBytes();
    }
  }

  @Test
  void remediationRole_holdsExactlyThePermissionsOfTheGcpRemediators() {
    Set<String> used = new TreeSet<>();
    for (RemediationAction action : RemediationActions.all()) {
      if (action.cloud() == Cloud.GCP) {
        // IAM permissions only (service.resource.verb); prose names a grant no role can hold.
        action.permissions().stream()
            .filter(permission -> permission.matches("[a-z]+\\.[A-Za-z]+\\.[A-Za-z]+"))
            .forEach(used::add);
      }
    }
    // ... and the one read with which each entry is confirmed before any action.
    used.add(CloudLoggingProvenance.PERMISSION);
    // ... and the two with which a new key is followed to its first use.
    used.addAll(GcpLastUse.PERMISSIONS);
    Set<String> granted = new TreeSet<>();
    tf.local("remediation_permissions").forEach(p -> granted.add(p.asText()));
    assertThat(tf.local("remediation_permissions")).hasSameSizeAs(granted);
    assertThat(granted).isEqualTo(used);
    // No update permission on anything: with one, a compromised function could rewrite a
    // provider's issuer or an HMAC key's project, not just disable or delete what was added.
    assertThat(granted)
        .doesNotContain("iam.workloadIdentityPoolProviders.update")
        .noneMatch(permission -> permission.startsWith("iam.") && permission.endsWith(".update"));

    JsonNode orgRole = tf.resource("google_organization_iam_custom_role", "remediator");
    JsonNode projectRole = tf.resource("google_project_iam_custom_role", "remediator");
    for (JsonNode role : List.of(orgRole, projectRole)) {
      assertThat(role.path("permissions").asText())
          .isEqualTo(expr("local.remediation_permissions"));
    }
    // The role lives in the organization unless only the deployment project is watched.
    assertThat(orgRole.path("count").asText())
        .isEqualTo(expr(String.format(LEVEL, "project") + " ? 0 : 1"));
    assertThat(projectRole.path("count").asText())
        .isEqualTo(expr(String.format(LEVEL, "project") + " ? 1 : 0"));
    // ... and is bound where the sink reads.
    for (String level : List.of("organization", "folder", "project")) {
      JsonNode binding = tf.resource("google_" + level + "_iam_member", "function_remediates");
      assertThat(binding.path("count").asText()).contains(String.format(LEVEL, level));
      assertThat(binding.path("role").asText()).isEqualTo(expr("local.remediation_role_id"));
      assertThat(binding.path("member").asText()).isEqualTo(FUNCTION_MEMBER);
    }
    assertThat(tf.local("remediation_role_id").asText())
        .contains("google_organization_iam_custom_role.remediator[*].name")
        .contains("google_project_iam_custom_role.remediator[*].name");
  }

  @Test
  void function_isTheJarOnJava21_triggeredByTheAuditTopicWithRetries() {
    JsonNode function = tf.resource("google_cloudfunctions2_function", "credwatch");
    JsonNode build = block(function, "build_config");
    assertThat(build.path("runtime").asText()).isEqualTo("java21");
    assertThat(build.path("entry_point").asText()).isEqualTo(CredWatchFunction.class.getName());
    assertThat(com.google.cloud.functions.CloudEventsFunction.class)
        .isAssignableFrom(CredWatchFunction.class);
    JsonNode storage = block(block(build, "source"), "storage_source");
    assertThat(storage.path("object").asText())
        .isEqualTo(expr("google_storage_bucket_object.source.name"));
    assertThat(tf.resource("google_storage_bucket_object", "source").path("name").asText())
        .contains("data.archive_file.source.output_md5");
    assertThat(tf.dataSources().get("archive_file.source").path("source_dir").asText())
        .isEqualTo(expr("local.source_dir"));
    assertThat(tf.local("source_dir").asText()).contains("gcp-function/target/deployment");
    JsonNode bucket = tf.resource("google_storage_bucket", "source");
    assertThat(bucket.path("uniform_bucket_level_access").asBoolean()).isTrue();
    assertThat(bucket.path("public_access_prevention").asText()).isEqualTo("enforced");

    JsonNode service = block(function, "service_config");
    assertThat(service.path("available_memory").asText()).isEqualTo("512M");
    assertThat(service.path("timeout_seconds").asLong())
        .isEqualTo(GcpCore.INVOCATION_TIMEOUT.toSeconds());
    assertThat(service.path("min_instance_count").asInt()).isZero();
    assertThat(service.path("ingress_settings").asText()).isEqualTo("ALLOW_INTERNAL_ONLY");
    assertThat(service.path("all_traffic_on_latest_revision").asBoolean()).isTrue();
    assertThat(service.path("service_account_email").asText())
        .isEqualTo(expr("google_service_account.function.email"));

    JsonNode trigger = block(function, "event_trigger");
    assertThat(trigger.path("event_type").asText())
        .isEqualTo("google.cloud.pubsub.topic.v1.messagePublished");
    assertThat(trigger.path("retry_policy").asText()).isEqualTo("RETRY_POLICY_RETRY");
    assertThat(trigger.path("pubsub_topic").asText())
        .isEqualTo(expr("google_pubsub_topic.audit.id"));
    assertThat(trigger.path("trigger_region").asText()).isEqualTo(expr("var.region"));
    assertThat(trigger.path("service_account_email").asText())
        .isEqualTo(expr("google_service_account.trigger.email"));
  }

  @Test
  void deadLetters_areKeptSevenDays() {
    assertThat(tf.resource("google_pubsub_topic", "dead_letter").path("name").asText())
        .isEqualTo("credwatch-audit-dead-letter");
    JsonNode subscription = tf.resource("google_pubsub_subscription", "dead_letter");
    assertThat(subscription.path("topic").asText())
        .isEqualTo(expr("google_pubsub_topic.dead_letter.id"));
    assertThat(subscription.path("message_retention_duration").asText())
        .isEqualTo(expr("local.seven_days"));
    assertThat(tf.local("seven_days").asText()).isEqualTo("604800s");
    assertThat(subscription.path("retain_acked_messages").asBoolean()).isTrue();
    // An empty TTL: the subscription is never deleted for want of pulls.
    assertThat(block(subscription, "expiration_policy").path("ttl").asText()).isEmpty();
    assertThat(subscription.has("count")).isFalse();

    // The Pub/Sub service agent may forward failed events to the dead-letter topic, and the
    // post-apply step attaches it to the Eventarc subscription.
    JsonNode agent =
        tf.resource("google_pubsub_topic_iam_member", "pubsub_agent_publishes_dead_letters");
    assertThat(agent.path("topic").asText())
        .isEqualTo(expr("google_pubsub_topic.dead_letter.name"));
    assertThat(agent.path("role").asText()).isEqualTo("roles/pubsub.publisher");
    assertThat(tf.local("pubsub_service_agent").asText())
        .contains("@gcp-sa-pubsub.iam.gserviceaccount.com");
    JsonNode attach = tf.resource("terraform_data", "eventarc_dead_letter");
    String script = attach.path("provisioner").path("local-exec").get(0).path("command").asText();
    assertThat(script)
        .contains("--dead-letter-topic=\"$DEAD_LETTER_TOPIC\"")
        .contains("--role=roles/pubsub.subscriber")
        .contains("transport.pubsub.subscription");
    assertThat(tf.variable("attach_dead_letter_policy").path("default").asBoolean()).isTrue();
  }

  @Test
  void osLoginDataAccessLogs_areOffByDefault_andFollowTheSinkLevel() {
    assertThat(tf.variable("enable_oslogin_data_access_logs").path("default").isBoolean()).isTrue();
    assertThat(tf.variable("enable_oslogin_data_access_logs").path("default").asBoolean())
        .isFalse();
    assertThat(tf.variable("enable_oslogin_data_access_logs").path("description").asText())
        .contains("billed");
    for (String level : List.of("organization", "folder", "project")) {
      JsonNode config = tf.resource("google_" + level + "_iam_audit_config", "oslogin");
      assertThat(config.path("count").asText())
          .contains("var.enable_oslogin_data_access_logs")
          .contains(String.format(LEVEL, level));
      assertThat(config.path("service").asText()).isEqualTo("oslogin.googleapis.com");
      assertThat(block(config, "audit_log_config").path("log_type").asText())
          .isEqualTo("DATA_WRITE");
    }
  }

  @Test
  void sinkLevel_acceptsOnlyOrganizationFolderOrProject() {
    JsonNode variable = tf.variable("sink_level");
    String condition = block(variable, "validation").path("condition").asText();
    assertThat(condition).contains("var.sink_level");
    Matcher list =
        Pattern.compile("contains\\(\\[([^\\]]*)\\], var\\.sink_level\\)").matcher(condition);
    assertThat(list.find()).as(condition).isTrue();
    Set<String> levels = new TreeSet<>();
    Matcher quoted = Pattern.compile("\"([^\"]*)\"").matcher(list.group(1));
    while (quoted.find()) {
      levels.add(quoted.group(1));
    }
    assertThat(levels).containsExactlyInAnyOrder("organization", "folder", "project");
    assertThat(levels).contains(variable.path("default").asText());
  }

  @Test
  void functionEnvironment_usesSettingsNamesAndDefaults() throws IllegalAccessException {
    Set<String> settingNames = new TreeSet<>();
    for (Class<?> reader : List.of(Settings.class, GcpSettings.class)) {
      for (Field field : reader.getFields()) {
        int modifiers = field.getModifiers();
        if (Modifier.isStatic(modifiers)
            && Modifier.isFinal(modifiers)
            && field.getType() == String.class
            && String.valueOf(field.get(null)).startsWith("CREDWATCH_")) {
          settingNames.add(String.valueOf(field.get(null)));
        }
      }
    }
    JsonNode environment = tf.local("function_environment");
    Map<String, String> variables = new LinkedHashMap<>();
    environment.properties().forEach(e -> variables.put(e.getKey(), e.getValue().asText()));
    JsonNode service =
        block(tf.resource("google_cloudfunctions2_function", "credwatch"), "service_config");
    assertThat(service.path("environment_variables").asText())
        .contains("local.function_environment");
    JsonNode secret =
        service.path("dynamic").path("secret_environment_variables").get(0).path("content").get(0);
    List<String> used = new ArrayList<>(variables.keySet());
    used.add(secret.path("key").asText());
    assertThat(settingNames).containsAll(used);
    assertThat(secret.path("key").asText()).isEqualTo(Settings.TEAMS_WEBHOOK_URL);

    assertThat(variables)
        .containsEntry(Settings.REMEDIATION, expr("var.remediation_mode"))
        .containsEntry(GcpSettings.PUBSUB_TOPIC, expr("google_pubsub_topic.alerts.id"))
        .containsEntry(Settings.MIN_SEVERITY, expr("var.min_severity"))
        .containsEntry(Settings.REMEDIATION_MIN_SEVERITY, expr("var.remediation_min_severity"));
    assertThat(tf.resource("google_pubsub_topic", "alerts").path("name").asText())
        .isEqualTo("credwatch-alerts");

    // Tunable settings default to what the function does without them.
    Settings defaults = Settings.defaults();
    assertThat(tf.variable("remediation_mode").path("default").asText())
        .isEqualTo("dry-run")
        .isEqualTo(defaults.remediation().id());
    assertThat(tf.variable("min_severity").path("default").asText())
        .isEqualTo(defaults.minSeverity().id());
    assertThat(tf.variable("remediation_min_severity").path("default").asText())
        .isEqualTo(defaults.remediationMinSeverity().id());
    assertThat(tf.variable("max_remediations").path("default").asInt())
        .isEqualTo(defaults.maxRemediations());
    assertThat(tf.variable("remediation_timeout_ms").path("default").asLong())
        .isEqualTo(defaults.remediationTimeout().toMillis());
    assertThat(tf.variable("act_without_confirmation").path("default").asBoolean())
        .isEqualTo(defaults.actWithoutConfirmation())
        .isFalse();
    assertThat(tf.variable("confirm_within_minutes").path("default").asLong())
        .isEqualTo(defaults.confirmWithin().toMinutes());
    assertThat(block(tf.variable("remediation_mode"), "validation").path("condition").asText())
        .contains("[\"off\", \"dry-run\", \"enforce\"]");
  }

  @Test
  void grants_areLeastPrivilege() {
    Map<String, String> functionGrants = new TreeMap<>();
    Map<String, String> sinkGrants = new TreeMap<>();
    Map<String, String> triggerGrants = new TreeMap<>();
    for (Map.Entry<String, JsonNode> resource : tf.resources().entrySet()) {
      String type = resource.getKey().substring(0, resource.getKey().indexOf('.'));
      assertThat(type)
          .as("authoritative IAM resources replace other grants")
          .doesNotEndWith("_iam_binding")
          .doesNotEndWith("_iam_policy");
      if (!type.endsWith("_iam_member")) {
        continue;
      }
      String member = resource.getValue().path("member").asText();
      String role = resource.getValue().path("role").asText();
      if (member.equals(FUNCTION_MEMBER)) {
        functionGrants.put(resource.getKey(), role);
      } else if (member.equals(expr("local.sink_writer_identity"))) {
        sinkGrants.put(resource.getKey(), role);
      } else if (member.contains("google_service_account.trigger")) {
        triggerGrants.put(resource.getKey(), role);
      } else {
        assertThat(member).as(resource.getKey()).doesNotContain("google_service_account");
      }
    }
    assertThat(tf.local("function_member").asText())
        .isEqualTo("serviceAccount:" + expr("google_service_account.function.email"));
    assertThat(functionGrants)
        .isEqualTo(
            Map.of(
                "google_organization_iam_member.function_remediates",
                expr("local.remediation_role_id"),
                "google_folder_iam_member.function_remediates",
                expr("local.remediation_role_id"),
                "google_project_iam_member.function_remediates",
                expr("local.remediation_role_id"),
                "google_pubsub_topic_iam_member.function_publishes_alerts",
                "roles/pubsub.publisher",
                "google_project_iam_member.function_writes_logs",
                "roles/logging.logWriter",
                "google_secret_manager_secret_iam_member.function_reads_teams_webhook",
                "roles/secretmanager.secretAccessor",
                "google_project_iam_member.function_keeps_state",
                expr("google_project_iam_custom_role.state.id"),
                // First use: schedule a look, sign its publish as itself, publish it.
                "google_cloud_tasks_queue_iam_member.function_schedules_looks",
                "roles/cloudtasks.enqueuer",
                "google_service_account_iam_member.function_acts_as_itself_for_looks",
                "roles/iam.serviceAccountUser",
                "google_pubsub_topic_iam_member.function_publishes_looks",
                "roles/pubsub.publisher"));
    assertThat(
            tf.resource("google_pubsub_topic_iam_member", "function_publishes_alerts")
                .path("topic")
                .asText())
        .isEqualTo(expr("google_pubsub_topic.alerts.name"));
    JsonNode secret =
        tf.resource("google_secret_manager_secret_iam_member", "function_reads_teams_webhook");
    assertThat(secret.path("for_each").asText()).contains("local.teams_webhook_secrets");
    assertThat(tf.local("teams_webhook_secrets").asText())
        .contains("var.teams_webhook_secret_id == null ? [] : [var.teams_webhook_secret_id]");

    assertThat(sinkGrants)
        .isEqualTo(
            Map.of(
                "google_pubsub_topic_iam_member.sink_publishes_audit", "roles/pubsub.publisher"));
    assertThat(
            tf.resource("google_pubsub_topic_iam_member", "sink_publishes_audit")
                .path("topic")
                .asText())
        .isEqualTo(expr("google_pubsub_topic.audit.name"));

    assertThat(triggerGrants)
        .isEqualTo(
            Map.of(
                "google_cloud_run_v2_service_iam_member.trigger_invokes_function",
                "roles/run.invoker"));
    assertThat(
            tf.resource("google_cloud_run_v2_service_iam_member", "trigger_invokes_function")
                .path("name")
                .asText())
        .isEqualTo(expr("google_cloudfunctions2_function.credwatch.name"));
  }

  @Test
  void everyReference_isDeclared() {
    Pattern data = Pattern.compile("\\bdata\\.([a-z0-9_]+)\\.([a-z0-9_]+)");
    Pattern resource = Pattern.compile("\\b(google_[a-z0-9_]+|terraform_data)\\.([a-z0-9_]+)");
    Pattern local = Pattern.compile("\\blocal\\.([a-z0-9_]+)");
    Pattern variable = Pattern.compile("\\bvar\\.([a-z0-9_]+)");
    List<String> texts = new ArrayList<>();
    List<JsonNode> roots = new ArrayList<>();
    roots.addAll(tf.resources().values());
    roots.addAll(tf.dataSources().values());
    roots.addAll(tf.locals().values());
    roots.addAll(tf.outputs().values());
    roots.addAll(tf.variables().values());
    roots.forEach(root -> collectExpressions(root, texts));
    assertThat(texts).isNotEmpty();
    Set<String> undeclared = new TreeSet<>();
    for (String text : texts) {
      Matcher m = data.matcher(text);
      while (m.find()) {
        if (!tf.dataSources().containsKey(m.group(1) + "." + m.group(2))) {
          undeclared.add(m.group());
        }
      }
      String rest = m.replaceAll("");
      m = resource.matcher(rest);
      while (m.find()) {
        if (!tf.resources().containsKey(m.group(1) + "." + m.group(2))) {
          undeclared.add(m.group());
        }
      }
      m = local.matcher(rest);
      while (m.find()) {
        if (!tf.locals().containsKey(m.group(1))) {
          undeclared.add(m.group());
        }
      }
      m = variable.matcher(rest);
      while (m.find()) {
        if (!tf.variables().containsKey(m.group(1))) {
          undeclared.add(m.group());
        }
      }
    }
    assertThat(undeclared).isEmpty();
  }

  private static void collectExpressions(JsonNode node, List<String> out) {
    if (node.isTextual() && node.asText().contains("${")) {
      out.add(node.asText());
    } else if (node.isContainerNode()) {
      node.elements().forEachRemaining(child -> collectExpressions(child, out));
    }
  }

  @Test
  void tfvarsExample_namesOnlyDeclaredVariables() throws IOException {
    Pattern assignment = Pattern.compile("^#? ?([a-z_]+)\\s+=", Pattern.MULTILINE);
    String example =
        Files.readString(
            TerraformConfig.DIR.resolve("terraform.tfvars.example"), StandardCharsets.UTF_8);
    Set<String> named = new TreeSet<>();
    Matcher m = assignment.matcher(example);
    while (m.find()) {
      named.add(m.group(1));
    }
    assertThat(named).contains("project_id", "sink_level", "remediation_mode");
    assertThat(tf.variables().keySet()).containsAll(named);
  }

  @Test
  void theStateDatabase_expiresEntries_andTheFunctionReachesOnlyItsDocuments() {
    JsonNode database = tf.resource("google_firestore_database", "state");
    assertThat(database.path("type").asText()).isEqualTo("FIRESTORE_NATIVE");
    JsonNode ttl = tf.resource("google_firestore_field", "state_expires");
    assertThat(ttl.path("collection").asText()).isEqualTo(FirestoreActionLedger.COLLECTION);
    assertThat(ttl.path("field").asText()).isEqualTo("expires");
    JsonNode role = tf.resource("google_project_iam_custom_role", "state");
    assertThat(role.toString())
        .contains("datastore.entities.get")
        .contains("datastore.entities.create")
        .contains("datastore.entities.update")
        .doesNotContain("datastore.entities.delete")
        .doesNotContain("datastore.entities.list");
    JsonNode grant = tf.resource("google_project_iam_member", "function_keeps_state");
    assertThat(grant.toString())
        .contains("google_firestore_database.state.id")
        .contains("startsWith");
    assertThat(tf.local("function_environment").path(GcpSettings.STATE_DATABASE).asText())
        .isEqualTo(expr("google_firestore_database.state.id"));
    assertThat(tf.variable("max_actions_per_hour").path("default").asInt())
        .isEqualTo(Settings.defaults().maxActionsPerHour());
  }

  @Test
  void firstUseLooks_comeBackThroughCloudTasks_toATopicOnlyTheFunctionPublishesTo() {
    JsonNode environment = tf.local("function_environment");
    assertThat(environment.path(GcpSettings.FIRST_USE_QUEUE).asText())
        .isEqualTo(expr("google_cloud_tasks_queue.first_use.id"));
    assertThat(environment.path(GcpSettings.FIRST_USE_TOPIC).asText())
        .isEqualTo(expr("google_pubsub_topic.first_use.id"));

    // The function alone schedules looks, acts as itself for their token, publishes them.
    JsonNode enqueuer =
        tf.resource("google_cloud_tasks_queue_iam_member", "function_schedules_looks");
    assertThat(enqueuer.path("role").asText()).isEqualTo("roles/cloudtasks.enqueuer");
    assertThat(enqueuer.path("member").asText()).isEqualTo(expr("local.function_member"));
    JsonNode actAs =
        tf.resource("google_service_account_iam_member", "function_acts_as_itself_for_looks");
    assertThat(actAs.path("service_account_id").asText())
        .isEqualTo(expr("google_service_account.function.name"));
    assertThat(actAs.path("member").asText()).isEqualTo(expr("local.function_member"));
    long publishers =
        tf.resources().entrySet().stream()
            .filter(e -> e.getKey().startsWith("google_pubsub_topic_iam_member."))
            .filter(
                e -> e.getValue().path("topic").asText().contains("google_pubsub_topic.first_use"))
            .peek(
                e ->
                    assertThat(e.getValue().path("member").asText())
                        .isEqualTo(expr("local.function_member")))
            .count();
    assertThat(publishers).isEqualTo(1);

    // A second trigger brings them to the same function, as the same push identity.
    JsonNode trigger = tf.resource("google_eventarc_trigger", "first_use");
    assertThat(block(block(trigger, "transport"), "pubsub").path("topic").asText())
        .isEqualTo(expr("google_pubsub_topic.first_use.id"));
    assertThat(block(block(trigger, "destination"), "cloud_run_service").path("service").asText())
        .isEqualTo(expr("google_cloudfunctions2_function.credwatch.service_config[0].service"));
    assertThat(trigger.path("service_account").asText())
        .isEqualTo(expr("google_service_account.trigger.email"));
    assertThat(block(trigger, "matching_criteria").path("value").asText())
        .isEqualTo("google.cloud.pubsub.topic.v1.messagePublished");
    assertThat(tf.local("apis").toString())
        .contains("cloudtasks.googleapis.com")
        .contains("monitoring.googleapis.com")
        .contains("policyanalyzer.googleapis.com");
  }
}
