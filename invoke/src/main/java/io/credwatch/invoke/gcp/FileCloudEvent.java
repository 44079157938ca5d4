package io.credwatch.invoke.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.credwatch.json.JsonLimits;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A CloudEvent read from a file for the local invoker: a structured CloudEvent as Eventarc sends
 * it, or a Pub/Sub push body ({@code {"message": ..., "subscription": ...}}), which Eventarc would
 * wrap as {@code google.cloud.pubsub.topic.v1.messagePublished}.
 */
final class FileCloudEvent implements CloudEvent {
  private final String id;
  private final String type;
  private final URI source;
  private final @Nullable String subject;
  private final @Nullable OffsetDateTime time;
  private final byte[] data;

  private FileCloudEvent(
      String id,
      String type,
      URI source,
      @Nullable String subject,
      @Nullable OffsetDateTime time,
      byte[] data) {
    this.id = id;
    this.type = type;
    this.source = source;
    this.subject = subject;
    this.time = time;
    this.data = data;
  }

  /**
   * @throws IllegalArgumentException when the file is neither shape
   */
  static FileCloudEvent parse(byte[] content) {
    JsonNode root;
    try {
      root = JsonLimits.defaultMapper().readTree(content);
    } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
      throw new IllegalArgumentException("the file is not JSON: " + notJson.getOriginalMessage());
    } catch (IOException unreadable) {
      throw new IllegalArgumentException("the file cannot be read: " + unreadable.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the file is not a JSON object");
    }
    if (root.has("specversion")) {
      return new FileCloudEvent(
          root.path("id").asText("local"),
          root.path("type").asText(""),
          URI.create(root.path("source").asText("//local")),
          root.hasNonNull("subject") ? root.path("subject").asText() : null,
          root.hasNonNull("time") ? OffsetDateTime.parse(root.path("time").asText()) : null,
          root.path("data").toString().getBytes(StandardCharsets.UTF_8));
    }
    if (root.has("message")) {
      String subscription = root.path("subscription").asText("projects/local/subscriptions/local");
      return new FileCloudEvent(
          root.path("message").path("messageId").asText("local"),
          "google.cloud.pubsub.topic.v1.messagePublished",
          URI.create("//pubsub.googleapis.com/" + subscription),
          null,
          null,
          content);
    }
    throw new IllegalArgumentException(
        "the file is neither a CloudEvent (specversion) nor a Pub/Sub push body (message)");
  }

  @Override
  public CloudEventData getData() {
    return () -> data.clone();
  }

  @Override
  public SpecVersion getSpecVersion() {
    return SpecVersion.V1;
  }

  @Override
  public String getId() {
    return id;
  }

  @Override
  public String getType() {
    return type;
  }

  @Override
  public URI getSource() {
    return source;
  }

  @Override
  public @Nullable String getDataContentType() {
    return "application/json";
  }

  @Override
  public @Nullable URI getDataSchema() {
    return null;
  }

  @Override
  public @Nullable String getSubject() {
    return subject;
  }

  @Override
  public @Nullable OffsetDateTime getTime() {
    return time;
  }

  @Override
  public @Nullable Object getAttribute(String name) {
    return switch (name) {
      case "id" -> id;
      case "type" -> type;
      case "source" -> source;
      case "subject" -> subject;
      case "time" -> time;
      case "specversion" -> SpecVersion.V1;
      case "datacontenttype" -> "application/json";
      default -> null;
    };
  }

  @Override
  public @Nullable Object getExtension(String name) {
    return null;
  }

  @Override
  public Set<String> getExtensionNames() {
    return Set.of();
  }
}
