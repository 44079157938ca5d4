package io.credwatch.aws;

import io.credwatch.aws.AwsApi.Service;
import io.credwatch.aws.AwsApi.Xml;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Element;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** EC2 key pairs, in the Region an event names, over EC2's Query API: looked up and deleted. */
final class Ec2KeyPairs {
  /** A key pair as EC2 describes it. */
  record KeyPair(String keyPairId, String keyName, Optional<Instant> created) {}

  private final AwsApi api;

  Ec2KeyPairs(AwsApi api) {
    this.api = api;
  }

  /** The key pair of that name in the Region; empty when there is none. */
  Optional<KeyPair> find(String region, String keyName) {
    try {
      Element response =
          api.query(Service.EC2, region, "DescribeKeyPairs", Map.of("KeyName.1", keyName))
              .getDocumentElement();
      List<Element> items = Xml.items(response, "keySet", "item");
      if (items.isEmpty()) {
        return Optional.empty();
      }
      Element item = items.get(0);
      String created = Xml.text(item, "createTime");
      return Optional.of(
          new KeyPair(
              Xml.text(item, "keyPairId"),
              Xml.text(item, "keyName"),
              created.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(created))));
    } catch (AwsServiceException error) {
      if (AwsErrors.isNotFound(error)) {
        return Optional.empty();
      }
      throw error;
    }
  }

  /** Deletes the key pair by name (just verified to be the event's: moto ignores KeyPairId). */
  void delete(String region, String keyName) {
    api.query(Service.EC2, region, "DeleteKeyPair", Map.of("KeyName", keyName));
  }
}
