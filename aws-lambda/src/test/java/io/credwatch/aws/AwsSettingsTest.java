package io.credwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credwatch.config.SettingsException;
import io.credwatch.testing.ReadmeSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {
  @Test
  void topicArn_isRead_andAnythingElseIsRefused() {
    assertThat(
            AwsSettings.from(
                    Map.of(
                        "CREDWATCH_SNS_TOPIC_ARN",
                        "arn:aws:sns:us-east-1:111122223333:credwatch-alerts"))
                .snsTopicArn())
        .contains("arn:aws:sns:us-east-1:111122223333:credwatch-alerts");
    assertThatThrownBy(() -> AwsSettings.from(Map.of("CREDWATCH_SNS_TOPIC_ARN", "credwatch")))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("CREDWATCH_SNS_TOPIC_ARN: 'credwatch' is not an SNS topic ARN");
  }

  @Test
  void readme_documentsExactlyTheseSettings() throws Exception {
    ReadmeSettings.assertTableLists("### AWS settings", AwsSettings.class);
  }
}
