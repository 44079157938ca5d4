package io.credwatch.alert;

import io.credwatch.event.CredentialEvent;
import io.credwatch.event.CredentialKind;
import io.credwatch.event.TargetKind;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Console links for the investigation. Hosts are fixed; every value from the event is URL-encoded,
 * and a region only becomes part of a host name when it looks like a real region.
 */
public final class ConsoleLinks {
  private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-[a-z]+){1,2}-\\d{1,2}");
  private static final String AWS_GLOBAL_CONSOLE = "https://us-east-1.console.aws.amazon.com";

  private ConsoleLinks() {}

  public static List<Alert.Link> of(CredentialEvent event) {
    return switch (event.cloud()) {
      case AWS -> aws(event);
      case AZURE -> azure(event);
      case GCP -> gcp(event);
    };
  }

  private static List<Alert.Link> aws(CredentialEvent event) {
    List<Alert.Link> links = new ArrayList<>();
    String region = AWS_REGION.matcher(event.region()).matches() ? event.region() : "us-east-1";
    String console = "https://" + region + ".console.aws.amazon.com";
    if (event.target().kind() == TargetKind.IAM_USER) {
      links.add(
          new Alert.Link(
              "IAM user " + event.target().name() + " (security credentials)",
              AWS_GLOBAL_CONSOLE
                  + "/iam/home#/users/details/"
                  + encode(event.target().name())
                  + "?section=security_credentials"));
    } else if (event.target().kind() == TargetKind.ROOT_USER) {
      links.add(
          new Alert.Link(
              "Root user security credentials",
              AWS_GLOBAL_CONSOLE + "/iam/home#/security_credentials"));
    }
    CredentialKind kind = event.credential().kind();
    if (kind == CredentialKind.EC2_KEY_PAIR
        && !event.operation().service().startsWith("lightsail")) {
      links.add(
          new Alert.Link(
              "EC2 key pairs in " + region, console + "/ec2/home?region=" + region + "#KeyPairs:"));
    } else if (kind == CredentialKind.INSTANCE_SSH_KEY
        && event.target().kind() == TargetKind.INSTANCE
        && event.target().id().startsWith("i-")) {
      links.add(
          new Alert.Link(
              "Instance " + event.target().id(),
              console
                  + "/ec2/home?region="
                  + region
                  + "#InstanceDetails:instanceId="
                  + encode(event.target().id())));
    } else if (kind == CredentialKind.TRUST_ANCHOR) {
      links.add(
          new Alert.Link(
              "Roles Anywhere trust anchors",
              console + "/rolesanywhere/home?region=" + region + "#/trust-anchors"));
    } else if (kind == CredentialKind.IDENTITY_PROVIDER) {
      links.add(
          new Alert.Link(
              "IAM identity providers", AWS_GLOBAL_CONSOLE + "/iam/home#/identity_providers"));
    }
    if (!event.eventId().isEmpty()) {
      links.add(
          new Alert.Link(
              "CloudTrail event",
              console
                  + "/cloudtrailv2/home?region="
                  + region
                  + "#/events/"
                  + encode(event.eventId())));
    }
    return links;
  }

  private static List<Alert.Link> azure(CredentialEvent event) {
    List<Alert.Link> links = new ArrayList<>();
    String targetId = event.target().id();
    switch (event.target().kind()) {
      case APPLICATION ->
          links.add(
              new Alert.Link(
                  "App registration " + event.target().name(),
                  "https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Credentials/objectId/"
                      + encode(targetId)));
      case SERVICE_PRINCIPAL ->
          links.add(
              new Alert.Link(
                  "Enterprise application " + event.target().name(),
                  "https://portal.azure.com/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Overview/objectId/"
                      + encode(targetId)));
      case USER ->
          links.add(
              new Alert.Link(
                  "User " + event.target().name(),
                  "https://portal.azure.com/#view/Microsoft_AAD_UsersAndTenants/UserProfileMenuBlade/~/AuthenticationMethods/userId/"
                      + encode(targetId)));
      default -> {
        String resourceId = event.attribute("resourceId");
        if (resourceId.startsWith("/subscriptions/")) {
          links.add(
              new Alert.Link(
                  "Azure resource", "https://portal.azure.com/#resource" + encodePath(resourceId)));
        }
      }
    }
    links.add(
        new Alert.Link(
            event.source().id().equals("entra-audit") ? "Entra audit logs" : "Activity log",
            event.source().id().equals("entra-audit")
                ? "https://portal.azure.com/#view/Microsoft_AAD_IAM/ActiveDirectoryMenuBlade/~/Audit"
                : "https://portal.azure.com/#view/Microsoft_Azure_ActivityLog/ActivityLogBlade"));
    return links;
  }

  private static List<Alert.Link> gcp(CredentialEvent event) {
    List<Alert.Link> links = new ArrayList<>();
    String project = "?project=" + encode(event.account());
    String console = "https://console.cloud.google.com";
    switch (event.credential().kind()) {
      case SERVICE_ACCOUNT_KEY ->
          links.add(
              new Alert.Link("Service accounts", console + "/iam-admin/serviceaccounts" + project));
      case HMAC_KEY ->
          links.add(
              new Alert.Link(
                  "HMAC keys", console + "/storage/settings;tab=interoperability" + project));
      case API_KEY ->
          links.add(new Alert.Link("API keys", console + "/apis/credentials" + project));
      case WORKLOAD_IDENTITY_PROVIDER ->
          links.add(
              new Alert.Link(
                  "Workload identity pools",
                  console + "/iam-admin/workload-identity-pools" + project));
      case METADATA_SSH_KEY ->
          links.add(
              event.target().kind() == TargetKind.INSTANCE
                  ? new Alert.Link("VM instances", console + "/compute/instances" + project)
                  : new Alert.Link("Project metadata", console + "/compute/metadata" + project));
      default -> {
        // OS Login keys have no console page; the log link below is the place to look.
      }
    }
    if (!event.eventId().isEmpty()) {
      links.add(
          new Alert.Link(
              "Audit log entry",
              console
                  + "/logs/query;query="
                  + encode("insertId=\"" + event.eventId() + "\"")
                  + project));
    }
    return links;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String encodePath(String path) {
    return String.join(
        "/", java.util.Arrays.stream(path.split("/", -1)).map(ConsoleLinks::encode).toList());
  }
}
