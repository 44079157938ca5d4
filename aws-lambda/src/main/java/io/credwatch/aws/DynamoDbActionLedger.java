package io.credwatch.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.aws.AwsApi.Service;
import io.credwatch.respond.ActionLedger;
import io.credwatch.respond.BreakerSlots;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The action ledger in a DynamoDB table (the template's {@code StateTable}: key {@code id}, TTL on
 * {@code expires}). An alert's entry is {@code alert#<id>}; the circuit breaker counts actions in
 * {@code breaker#<hour>} with a conditional increment, so concurrent invocations never exceed the
 * limit, and {@code paused#<hour>} is written once, by the invocation that found the budget spent
 * first. Reads are strongly consistent.
 */
final class DynamoDbActionLedger implements ActionLedger {

  private final AwsApi api;
  private final String region;
  private final String table;
  private final int maxPerWindow;

  DynamoDbActionLedger(AwsApi api, String region, String table, int maxPerWindow) {
    this.api = api;
    this.region = region;
    this.table = table;
    this.maxPerWindow = maxPerWindow;
  }

  /** The permissions these calls need on the table. */
  static final java.util.List<String> PERMISSIONS =
      java.util.List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem");

  @Override
  public Optional<Entry> previous(String alertId) {
    ObjectNode request = AwsApi.request().put("TableName", table).put("ConsistentRead", true);
    request.set("Key", key("alert#" + alertId));
    JsonNode item = call("GetItem", request).path("Item");
    String outcome = item.path("outcome").path("S").asText("");
    String at = item.path("at").path("S").asText("");
    if (outcome.isEmpty() || at.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Entry(
            outcome, Instant.parse(at), item.path("alertSent").path("BOOL").asBoolean(false)));
  }

  @Override
  public void record(String alertId, Entry entry) {
    ObjectNode item = key("alert#" + alertId);
    item.set("outcome", string(entry.outcome()));
    item.set("at", string(entry.at().toString()));
    item.set("alertSent", AwsApi.request().put("BOOL", entry.alertSent()));
    item.set("expires", expires(entry.at().plus(RETENTION)));
    ObjectNode request = AwsApi.request().put("TableName", table);
    request.set("Item", item);
    call("PutItem", request);
  }

  @Override
  public Budget take(Instant now) {
    long window = BreakerSlots.window(now);
    Instant until = BreakerSlots.expires(window);
    ObjectNode request =
        AwsApi.request()
            .put("TableName", table)
            .put(
                "UpdateExpression",
                "SET actions = if_not_exists(actions, :zero) + :one, expires = :expires")
            .put("ConditionExpression", "attribute_not_exists(actions) OR actions < :max");
    request.set("Key", key("breaker#" + window));
    ObjectNode values = AwsApi.request();
    values.set(":zero", number(0));
    values.set(":one", number(1));
    values.set(":max", number(maxPerWindow));
    values.set(":expires", expires(until));
    request.set("ExpressionAttributeValues", values);
    try {
      call("UpdateItem", request);
      return maxPerWindow > 0 ? Budget.GRANTED : pausedOnce(window, until);
    } catch (AwsServiceException error) {
      if (!spent(error)) {
        throw error;
      }
      return pausedOnce(window, until);
    }
  }

  /** PAUSED_NOW for the one invocation that writes the window's pause marker; PAUSED after. */
  private Budget pausedOnce(long window, Instant until) {
    ObjectNode item = key("paused#" + window);
    item.set("expires", expires(until));
    ObjectNode request =
        AwsApi.request()
            .put("TableName", table)
            .put("ConditionExpression", "attribute_not_exists(id)");
    request.set("Item", item);
    try {
      call("PutItem", request);
      return Budget.PAUSED_NOW;
    } catch (AwsServiceException error) {
      if (!spent(error)) {
        throw error;
      }
      return Budget.PAUSED;
    }
  }

  /** DynamoDB's answer when a condition is false: the budget is spent, or the marker written. */
  private static boolean spent(AwsServiceException error) {
    return error.awsErrorDetails() != null
        && "ConditionalCheckFailedException".equals(error.awsErrorDetails().errorCode());
  }

  @Override
  public String limit() {
    return ActionLedger.hourly(maxPerWindow);
  }

  private JsonNode call(String operation, ObjectNode request) {
    return api.json(Service.DYNAMODB, region, operation, request);
  }

  private static ObjectNode key(String id) {
    ObjectNode key = AwsApi.request();
    key.set("id", string(id));
    return key;
  }

  private static ObjectNode string(String value) {
    return AwsApi.request().put("S", value);
  }

  private static ObjectNode number(long value) {
    return AwsApi.request().put("N", Long.toString(value));
  }

  private static ObjectNode expires(Instant at) {
    return number(at.getEpochSecond());
  }
}
