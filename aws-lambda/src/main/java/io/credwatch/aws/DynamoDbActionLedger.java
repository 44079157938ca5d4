package io.credwatch.aws;

import io.credwatch.respond.ActionLedger;
import io.credwatch.respond.BreakerSlots;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The action ledger in a DynamoDB table (the template's {@code StateTable}: key {@code id}, TTL on
 * {@code expires}). An alert's entry is {@code alert#<id>}; the circuit breaker counts actions in
 * {@code breaker#<hour>} with a conditional increment, so concurrent invocations never exceed the
 * limit, and {@code paused#<hour>} is written once, by the invocation that found the budget spent
 * first. Reads are strongly consistent.
 */
final class DynamoDbActionLedger implements ActionLedger {

  private final Supplier<DynamoDbClient> client;
  private final String table;
  private final int maxPerWindow;

  /** The client is built on first use, after start-up: a finding is rare, cold start is not. */
  DynamoDbActionLedger(Supplier<DynamoDbClient> client, String table, int maxPerWindow) {
    this.client = client;
    this.table = table;
    this.maxPerWindow = maxPerWindow;
  }

  /** The permissions these calls need on the table. */
  static final java.util.List<String> PERMISSIONS =
      java.util.List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem");

  private DynamoDbClient dynamo() {
    return client.get();
  }

  @Override
  public Optional<Entry> previous(String alertId) {
    Map<String, AttributeValue> item =
        dynamo()
            .getItem(r -> r.tableName(table).key(key("alert#" + alertId)).consistentRead(true))
            .item();
    AttributeValue outcome = item == null ? null : item.get("outcome");
    AttributeValue at = item == null ? null : item.get("at");
    AttributeValue alertSent = item == null ? null : item.get("alertSent");
    if (outcome == null || at == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Entry(
            outcome.s(),
            Instant.parse(at.s()),
            alertSent != null && Boolean.TRUE.equals(alertSent.bool())));
  }

  @Override
  public void record(String alertId, Entry entry) {
    dynamo()
        .putItem(
            r ->
                r.tableName(table)
                    .item(
                        Map.of(
                            "id", AttributeValue.fromS("alert#" + alertId),
                            "outcome", AttributeValue.fromS(entry.outcome()),
                            "at", AttributeValue.fromS(entry.at().toString()),
                            "alertSent", AttributeValue.fromBool(entry.alertSent()),
                            "expires", expires(entry.at().plus(RETENTION)))));
  }

  @Override
  public Budget take(Instant now) {
    long window = BreakerSlots.window(now);
    Instant until = BreakerSlots.expires(window);
    try {
      dynamo()
          .updateItem(
              r ->
                  r.tableName(table)
                      .key(key("breaker#" + window))
                      .updateExpression(
                          "SET actions = if_not_exists(actions, :zero) + :one, expires = :expires")
                      .conditionExpression("attribute_not_exists(actions) OR actions < :max")
                      .expressionAttributeValues(
                          Map.of(
                              ":zero", AttributeValue.fromN("0"),
                              ":one", AttributeValue.fromN("1"),
                              ":max", AttributeValue.fromN(Integer.toString(maxPerWindow)),
                              ":expires", expires(until))));
      return maxPerWindow > 0 ? Budget.GRANTED : pausedOnce(window, until);
    } catch (ConditionalCheckFailedException spent) {
      return pausedOnce(window, until);
    }
  }

  /** PAUSED_NOW for the one invocation that writes the window's pause marker; PAUSED after. */
  private Budget pausedOnce(long window, Instant until) {
    try {
      dynamo()
          .putItem(
              r ->
                  r.tableName(table)
                      .item(
                          Map.of(
                              "id", AttributeValue.fromS("paused#" + window),
                              "expires", expires(until)))
                      .conditionExpression("attribute_not_exists(id)"));
      return Budget.PAUSED_NOW;
    } catch (ConditionalCheckFailedException announced) {
      return Budget.PAUSED;
    }
  }

  @Override
  public String limit() {
    return ActionLedger.hourly(maxPerWindow);
  }

  private static Map<String, AttributeValue> key(String id) {
    return Map.of("id", AttributeValue.fromS(id));
  }

  private static AttributeValue expires(Instant at) {
    return AttributeValue.fromN(Long.toString(at.getEpochSecond()));
  }
}
