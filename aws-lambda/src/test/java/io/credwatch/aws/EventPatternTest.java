package io.credwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.event.Cloud;
import io.credwatch.event.Operation;
import io.credwatch.source.OperationCatalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The EventBridge rule patterns, lifted from the SAM template, evaluated by moto: every catalogued
 * AWS operation reaches the function; reads, removals and failed calls do not.
 */
class EventPatternTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void templatePatterns_passExactlyTheCredentialOperations() throws Exception {
    Map<String, Object> template = SamTemplate.load();
    EventBridgeClient events =
        EventBridgeClient.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(MOTO.endpoint())
            .credentialsProvider(MotoServer.credentials())
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    SqsClient sqs = MOTO.sqs();
    String queueUrl = sqs.createQueue(r -> r.queueName("pattern-hits")).queueUrl();
    String queueArn =
        sqs.getQueueAttributes(
                r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    for (String rule : List.of("IamCredentialRule", "RegionalCredentialRule")) {
      String pattern =
          JSON.writeValueAsString(SamTemplate.properties(template, rule).get("EventPattern"));
      events.putRule(r -> r.name(rule).eventPattern(pattern));
      events.putTargets(r -> r.rule(rule).targets(t -> t.id("q").arn(queueArn)));
    }

    List<PutEventsRequestEntry> sent = new ArrayList<>();
    Set<String> expected = new HashSet<>();
    for (Operation operation : OperationCatalog.operations(Cloud.AWS)) {
      String key = operation.service() + ":" + operation.name();
      expected.add(key);
      sent.add(entry(operation.service(), operation.name(), ""));
    }
    // Must not pass: reads, removals, other services, and failed calls of covered operations.
    sent.add(entry("iam.amazonaws.com", "ListUsers", ""));
    sent.add(entry("iam.amazonaws.com", "DeleteAccessKey", ""));
    sent.add(entry("s3.amazonaws.com", "GetObject", ""));
    sent.add(entry("ec2.amazonaws.com", "DescribeKeyPairs", ""));
    sent.add(entry("iam.amazonaws.com", "CreateAccessKey", "AccessDenied"));
    sent.add(entry("ec2.amazonaws.com", "ImportKeyPair", "InvalidKeyPair.Duplicate"));
    for (int from = 0; from < sent.size(); from += 10) {
      List<PutEventsRequestEntry> chunk = sent.subList(from, Math.min(sent.size(), from + 10));
      events.putEvents(r -> r.entries(chunk));
    }

    Set<String> received = new HashSet<>();
    for (int attempt = 0; attempt < 10 && received.size() < expected.size(); attempt++) {
      for (Message message :
          sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages()) {
        JsonNode detail = JSON.readTree(message.body()).path("detail");
        String key = detail.path("eventSource").asText() + ":" + detail.path("eventName").asText();
        if (!detail.path("errorCode").isMissingNode()) {
          key += " (failed)";
        }
        received.add(key);
        sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
      }
    }
    assertThat(received).isEqualTo(expected);
  }

  private static PutEventsRequestEntry entry(
      String eventSource, String eventName, String errorCode) {
    String detail =
        "{\"eventVersion\":\"1.10\",\"eventTime\":\""
            + Instant.now()
            + "\",\"eventSource\":\""
            + eventSource
            + "\",\"eventName\":\""
            + eventName
            + "\",\"awsRegion\":\"us-east-1\""
            + (errorCode.isEmpty() ? "" : ",\"errorCode\":\"" + errorCode + "\"")
            + "}";
    String source = "aws." + eventSource.substring(0, eventSource.indexOf(".amazonaws.com"));
    return PutEventsRequestEntry.builder()
        .source(source)
        .detailType("AWS API Call via CloudTrail")
        .detail(detail)
        .build();
  }
}
