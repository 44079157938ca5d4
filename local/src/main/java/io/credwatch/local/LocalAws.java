package io.credwatch.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credwatch.json.JsonLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.SSHPublicKey;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code ./credwatch local aws}: moto on 127.0.0.1:5055 answering for the examples' account
 * 111122223333, the SNS alert topic read back through an SQS queue, and the users and credentials
 * the bundled AWS examples name.
 *
 * <p>moto chooses access key ids and creation times itself, so the examples cannot be genuine as
 * they are: they are rewritten into {@code target/local/aws}, naming the credentials moto created,
 * at the times it created them, and nothing else changed.
 */
final class LocalAws implements LocalCloud.Setup {
  static final int PORT = 5055;

  /** CloudTrail's event history, which moto does not keep: where events are confirmed. */
  static final int CLOUDTRAIL_PORT = 5056;

  static final String ACCOUNT = "111122223333";
  static final String TOPIC = "credwatch-alerts";
  static final String QUEUE = "credwatch-local-alerts";

  /** The example the printed commands run, and the credential it adds. */
  static final String EXAMPLE = "eventbridge-create-access-key-for-another-user.json";

  private static final ObjectMapper JSON = JsonLimits.defaultMapper();

  /** How CloudTrail writes createDate and uploadDate in responseElements. */
  private static final DateTimeFormatter CLOUDTRAIL_DATE =
      DateTimeFormatter.ofPattern("MMM d, yyyy h:mm:ss a", Locale.US).withZone(ZoneOffset.UTC);

  private final Moto moto;
  private final CloudTrailLog cloudTrail;
  private final IamClient iam;
  private final SqsClient sqs;
  private final Moto.TopicReadBack alerts;
  private final Path work;
  private final List<String> seeded = new ArrayList<>();
  private final Watch watch = new Watch();

  private LocalAws(Moto moto, CloudTrailLog cloudTrail, Path work) {
    this.moto = moto;
    this.cloudTrail = cloudTrail;
    this.work = work;
    this.iam = moto.iam();
    this.sqs = moto.sqs();
    this.alerts = moto.topicWithReadBackQueue(TOPIC, QUEUE);
  }

  static LocalAws start(Path root, Path work) throws IOException, InterruptedException {
    Moto moto = Moto.start(PORT, ACCOUNT, work.resolve("moto.log"));
    CloudTrailLog cloudTrail;
    try {
      cloudTrail = new CloudTrailLog(CLOUDTRAIL_PORT);
    } catch (IOException taken) {
      moto.close();
      throw taken;
    }
    try {
      LocalAws aws = new LocalAws(moto, cloudTrail, work);
      aws.seed(root.resolve("examples/events/aws"));
      return aws;
    } catch (Exception failed) {
      cloudTrail.close();
      moto.close();
      throw new IllegalStateException("seeding moto failed: " + failed.getMessage(), failed);
    }
  }

  private void seed(Path examples) throws Exception {
    // eventbridge-create-access-key-for-another-user.json: jdoe adds an access key to
    // svc-reporting.
    iam.createUser(r -> r.userName("svc-reporting"));
    AccessKey key = iam.createAccessKey(r -> r.userName("svc-reporting")).accessKey();
    rewrite(
        examples.resolve(EXAMPLE),
        Map.of("AKIAEXAMPLEBACKDOOR1", key.accessKeyId()),
        Instant.parse("2026-11-20T10:15:01Z"),
        key.createDate());
    watch.add(
        "access key " + key.accessKeyId() + " of IAM user svc-reporting",
        () -> Moto.accessKeyStatus(iam, "svc-reporting", key.accessKeyId()).toString());
    seeded.add(
        "IAM user svc-reporting with access key "
            + key.accessKeyId()
            + ", created "
            + key.createDate().truncatedTo(ChronoUnit.SECONDS)
            + " (the example's AKIAEXAMPLEBACKDOOR1)");

    // sqs-batch-of-eventbridge-events.json: jdoe uploads an SSH public key for maria.
    iam.createUser(r -> r.userName("maria"));
    SSHPublicKey ssh =
        iam.uploadSSHPublicKey(
                r ->
                    r.userName("maria")
                        .sshPublicKeyBody("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 jdoe@laptop"))
            .sshPublicKey();
    rewrite(
        examples.resolve("sqs-batch-of-eventbridge-events.json"),
        Map.of("APKAEXAMPLEMARIA0001", ssh.sshPublicKeyId()),
        Instant.parse("2026-11-20T10:16:40Z"),
        ssh.uploadDate());
    watch.add(
        "SSH public key " + ssh.sshPublicKeyId() + " of IAM user maria",
        () ->
            iam.listSSHPublicKeys(r -> r.userName("maria")).sshPublicKeys().stream()
                .filter(k -> k.sshPublicKeyId().equals(ssh.sshPublicKeyId()))
                .findFirst()
                .map(k -> k.statusAsString())
                .orElse("deleted"));
    seeded.add(
        "IAM user maria with SSH public key "
            + ssh.sshPublicKeyId()
            + ", uploaded "
            + ssh.uploadDate().truncatedTo(ChronoUnit.SECONDS)
            + " (the example's APKAEXAMPLEMARIA0001)");
  }

  /**
   * Writes the example into the work folder with the ids moto chose and the time it created the
   * credential in place of the example's: as event time, CloudTrail's ISO form, and as the
   * response's "MMM d, yyyy h:mm:ss a" form.
   */
  private void rewrite(Path example, Map<String, String> ids, Instant exampleTime, Instant created)
      throws IOException {
    String text = Files.readString(example, StandardCharsets.UTF_8);
    Instant at = created.truncatedTo(ChronoUnit.SECONDS);
    Map<String, String> replacements = new LinkedHashMap<>(ids);
    replacements.put(exampleTime.toString(), at.toString());
    replacements.put(CLOUDTRAIL_DATE.format(exampleTime), CLOUDTRAIL_DATE.format(at));
    for (Map.Entry<String, String> replacement : replacements.entrySet()) {
      if (!text.contains(replacement.getKey())) {
        throw new IllegalStateException(example + " no longer holds " + replacement.getKey());
      }
      text = text.replace(replacement.getKey(), replacement.getValue());
    }
    Files.writeString(work.resolve(example.getFileName()), text, StandardCharsets.UTF_8);
    // The local cloud emitted these events: its CloudTrail history holds them.
    JsonNode written = JSON.readTree(text);
    if (written.has("Records")) {
      for (JsonNode message : written.path("Records")) {
        cloudTrail.holds(message.path("body").asText());
      }
    } else {
      cloudTrail.holds(text);
    }
  }

  @Override
  public List<String> started() {
    return List.of(
        "moto_server on "
            + moto.endpoint()
            + " (pid "
            + moto.process().pid()
            + "), account "
            + ACCOUNT
            + "; its log: "
            + LocalCloud.typed(moto.process().log()),
        "SNS topic " + alerts.topicArn() + ", read back here through the SQS queue " + QUEUE,
        "CloudTrail's event history (LookupEvents) on "
            + cloudTrail.endpoint()
            + ", holding the examples' events: enforce mode confirms each event there first");
  }

  @Override
  public List<String> seeded() {
    List<String> lines = new ArrayList<>(seeded);
    lines.add(
        "the examples naming them, with moto's ids and times: "
            + LocalCloud.typed(work)
            + "/ (moto chooses key ids and creation times itself)");
    return lines;
  }

  @Override
  public Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
    environment.put("AWS_ENDPOINT_URL_CLOUDTRAIL", cloudTrail.endpoint());
    environment.put("AWS_ACCESS_KEY_ID", "testing");
    environment.put("AWS_SECRET_ACCESS_KEY", "testing");
    environment.put("AWS_REGION", Moto.REGION);
    environment.put("CREDWATCH_SNS_TOPIC_ARN", alerts.topicArn());
    return environment;
  }

  @Override
  public List<String> commands() {
    String event = LocalCloud.typed(work.resolve(EXAMPLE));
    return List.of(
        "CREDWATCH_REMEDIATION=dry-run ./credwatch aws-invoke " + event,
        "CREDWATCH_REMEDIATION=enforce ./credwatch aws-invoke " + event);
  }

  @Override
  public List<String> poll() throws Exception {
    List<String> lines = new ArrayList<>();
    for (Message message :
        sqs.receiveMessage(r -> r.queueUrl(alerts.queueUrl()).maxNumberOfMessages(10)).messages()) {
      lines.add(LocalCloud.alertLine(JSON.readTree(message.body())) + " [from SNS]");
      sqs.deleteMessage(r -> r.queueUrl(alerts.queueUrl()).receiptHandle(message.receiptHandle()));
    }
    lines.addAll(watch.changes());
    return lines;
  }

  @Override
  public void close() {
    iam.close();
    sqs.close();
    cloudTrail.close();
    moto.close();
  }
}
