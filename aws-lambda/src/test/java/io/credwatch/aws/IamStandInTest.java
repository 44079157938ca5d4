package io.credwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.credwatch.http.Loopback;
import io.credwatch.respond.Outcome;
import io.credwatch.respond.RemediationMode;
import io.credwatch.respond.RemediationPlan;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What moto cannot do, against a JDK HTTP server speaking IAM's query protocol: service-specific
 * credentials (moto answers 500), and the access-denied and throttling answers of real IAM.
 */
class IamStandInTest {
  private static final Instant CREATED = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final String ID = "ACCA5A9PN7KO6X109FZDI";

  private HttpServer server;
  private Iam iam;
  private Ec2KeyPairs ec2;
  private String status = "Active";
  private String failWith = "";
  private final AtomicInteger updates = new AtomicInteger();
  private String passwordLastUsed = "";

  @BeforeEach
  void start() throws IOException {
    server = Loopback.server();
    server.createContext(
        "/",
        exchange -> {
          Map<String, String> form = new HashMap<>();
          for (String pair :
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                  .split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
              form.put(
                  pair.substring(0, eq),
                  URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
          }
          String action = form.getOrDefault("Action", "");
          int code = 200;
          String body;
          if (!failWith.isEmpty()) {
            code = failWith.equals("AccessDenied") ? 403 : 400;
            body = error(failWith);
          } else if (!"bob".equals(form.get("UserName"))) {
            code = 404;
            body = error("NoSuchEntity");
          } else if (action.equals("ListServiceSpecificCredentials")) {
            body =
                "<ListServiceSpecificCredentialsResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListServiceSpecificCredentialsResult><ServiceSpecificCredentials><member>"
                    + "<UserName>bob</UserName><Status>"
                    + status
                    + "</Status><ServiceUserName>bob-at-123456789012</ServiceUserName>"
                    + "<CreateDate>"
                    + CREATED
                    + "</CreateDate><ServiceSpecificCredentialId>"
                    + ID
                    + "</ServiceSpecificCredentialId>"
                    + "<ServiceName>codecommit.amazonaws.com</ServiceName></member></ServiceSpecificCredentials></ListServiceSpecificCredentialsResult>"
                    + "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></ListServiceSpecificCredentialsResponse>";
          } else if (action.equals("GetUser")) {
            // moto's GetUser never says PasswordLastUsed; IAM does once the password signed in.
            body =
                "<GetUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetUserResult><User>"
                    + "<UserName>bob</UserName><UserId>AIDAEXAMPLEBOB000001</UserId><Path>/</Path>"
                    + "<Arn>arn:aws:iam::123456789012:user/bob</Arn><CreateDate>"
                    + CREATED
                    + "</CreateDate>"
                    + (passwordLastUsed.isEmpty()
                        ? ""
                        : "<PasswordLastUsed>" + passwordLastUsed + "</PasswordLastUsed>")
                    + "</User></GetUserResult><ResponseMetadata><RequestId>3</RequestId></ResponseMetadata></GetUserResponse>";
          } else if (action.equals("UpdateServiceSpecificCredential")
              && ID.equals(form.get("ServiceSpecificCredentialId"))) {
            updates.incrementAndGet();
            status = form.get("Status");
            body =
                "<UpdateServiceSpecificCredentialResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ResponseMetadata><RequestId>2</RequestId></ResponseMetadata></UpdateServiceSpecificCredentialResponse>";
          } else {
            code = 400;
            body = error("InvalidAction");
          }
          Loopback.respond(exchange, code, "text/xml", body);
        });
    server.start();
    AwsClients clients =
        new AwsClients(
            java.util.Map.of(
                "AWS_ENDPOINT_URL", Loopback.base(server).toString(),
                "AWS_ACCESS_KEY_ID", "testing",
                "AWS_SECRET_ACCESS_KEY", "testing"));
    iam = clients.iam();
    ec2 = clients.ec2();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static String error(String code) {
    return "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>"
        + code
        + "</Code><Message>"
        + code
        + " for this test</Message></Error><RequestId>9</RequestId></ErrorResponse>";
  }

  private RemediationPlan.Act plan(String user, String id) {
    String event =
        AwsEvents.eventBridge(
            "aws.iam",
            "CreateServiceSpecificCredential",
            CREATED,
            "{\"userName\":\"" + user + "\",\"serviceName\":\"codecommit.amazonaws.com\"}",
            "{\"serviceSpecificCredential\":{\"createDate\":\""
                + CREATED
                + "\",\"serviceName\":\"codecommit.amazonaws.com\","
                + "\"serviceUserName\":\"bob-at-123456789012\",\"serviceSpecificCredentialId\":\""
                + id
                + "\",\"userName\":\""
                + user
                + "\",\"status\":\"Active\"}}");
    return AwsEvents.plan(event);
  }

  private Outcome apply(RemediationPlan.Act plan, RemediationMode mode) {
    return new AwsRemediator(iam, ec2, () -> MotoServer.ACCOUNT).apply(plan, mode);
  }

  @Test
  void serviceSpecificCredential_dryRunThenEnforceThenRedelivery() {
    RemediationPlan.Act plan = plan("bob", ID);
    assertThat(apply(plan, RemediationMode.DRY_RUN)).isInstanceOf(Outcome.DryRun.class);
    assertThat(updates).hasValue(0);

    Outcome applied = apply(plan, RemediationMode.ENFORCE);
    assertThat(applied).isInstanceOf(Outcome.Applied.class);
    assertThat(status).isEqualTo("Inactive");
    assertThat(applied.undo())
        .contains("update-service-specific-credential")
        .contains("--status Active");

    assertThat(apply(plan, RemediationMode.ENFORCE)).isInstanceOf(Outcome.AlreadyApplied.class);
    assertThat(updates).hasValue(1);
  }

  @Test
  void serviceSpecificCredential_unknownUserOrId_isNotFound() {
    assertThat(apply(plan("mallory", ID), RemediationMode.ENFORCE).detail())
        .startsWith("not found");
    assertThat(apply(plan("bob", "ACCANOSUCHCREDENTIAL1"), RemediationMode.ENFORCE).detail())
        .startsWith("not found");
  }

  @Test
  void accessDenied_namesThePermissionTheRoleLacks() {
    failWith = "AccessDenied";
    Outcome outcome = apply(plan("bob", ID), RemediationMode.ENFORCE);
    assertThat(outcome)
        .isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.retryable()).isFalse());
    assertThat(outcome.detail())
        .startsWith("access denied")
        .contains("iam:ListServiceSpecificCredentials");
  }

  @Test
  void throttling_afterTheSdksRetries_isARetryableFailure() {
    failWith = "Throttling";
    Outcome outcome = apply(plan("bob", ID), RemediationMode.ENFORCE);
    assertThat(outcome)
        .isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.retryable()).isTrue());
    assertThat(outcome.detail()).startsWith("throttled by AWS");
  }

  /** A console password's first use is GetUser's PasswordLastUsed, once it is after creation. */
  @Test
  void aConsolePasswordsLastUse_isGetUsersPasswordLastUsed() {
    String event = AwsEvents.createLoginProfile("CreateLoginProfile", "bob", CREATED);
    io.credwatch.event.CredentialEvent created =
        io.credwatch.testing.Fixtures.finding(event).event();
    AwsLastUse lastUse = new AwsLastUse(iam);
    assertThat(lastUse.knows(created)).isTrue();
    assertThat(lastUse.of(created)).isEmpty();

    passwordLastUsed = CREATED.plus(java.time.Duration.ofMinutes(6)).toString();
    assertThat(lastUse.of(created))
        .hasValueSatisfying(
            use -> {
              assertThat(use.at()).isEqualTo(CREATED.plus(java.time.Duration.ofMinutes(6)));
              assertThat(use.service()).isEqualTo("AWS Management Console");
            });

    failWith = "Throttling";
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> lastUse.of(created))
        .isInstanceOf(RuntimeException.class);
  }
}
