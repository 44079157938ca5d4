package io.credwatch.aws;

import io.credwatch.aws.AwsApi.Service;
import io.credwatch.aws.AwsApi.Xml;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The IAM calls CredWatch makes, over IAM's Query API: listing and deactivating a user's
 * credentials, the console password, the federation-token deny, and the last-used records.
 */
final class Iam {
  /** A credential with a status, as IAM lists it on its user. */
  record Listed(String id, boolean active, Instant created) {}

  /** IAM's last-used record of an access key; service and Region are "N/A" when unknown. */
  record LastUsed(Optional<Instant> at, String service, String region) {}

  /** How IAM lists one kind of credential: the call, its list element, and the field names. */
  enum Kind {
    ACCESS_KEY(
        "ListAccessKeys", "AccessKeyMetadata", "AccessKeyId", "CreateDate", "UpdateAccessKey"),
    SSH_PUBLIC_KEY(
        "ListSSHPublicKeys", "SSHPublicKeys", "SSHPublicKeyId", "UploadDate", "UpdateSSHPublicKey"),
    SIGNING_CERTIFICATE(
        "ListSigningCertificates",
        "Certificates",
        "CertificateId",
        "UploadDate",
        "UpdateSigningCertificate"),
    SERVICE_SPECIFIC_CREDENTIAL(
        "ListServiceSpecificCredentials",
        "ServiceSpecificCredentials",
        "ServiceSpecificCredentialId",
        "CreateDate",
        "UpdateServiceSpecificCredential");

    final String list;
    final String listElement;
    final String idField;
    final String createdField;
    final String update;

    Kind(String list, String listElement, String idField, String createdField, String update) {
      this.list = list;
      this.listElement = listElement;
      this.idField = idField;
      this.createdField = createdField;
      this.update = update;
    }
  }

  private final AwsApi api;
  private final String region;

  Iam(AwsApi api, String region) {
    this.api = api;
    this.region = region;
  }

  /** Every credential of {@code kind} on the user, following IAM's pages. */
  List<Listed> list(Kind kind, String userName) {
    List<Listed> listed = new ArrayList<>();
    for (Element item : pages(kind.list, Map.of("UserName", userName), kind.listElement)) {
      listed.add(
          new Listed(
              Xml.text(item, kind.idField),
              Xml.text(item, "Status").equals("Active"),
              Instant.parse(Xml.text(item, kind.createdField))));
    }
    return listed;
  }

  /** Sets one credential of {@code kind} on the user to Inactive. */
  void deactivate(Kind kind, String userName, String credentialId) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("UserName", userName);
    parameters.put(kind.idField, credentialId);
    parameters.put("Status", "Inactive");
    call(kind.update, parameters);
  }

  /** When the user's console password was created; empty when there is none. */
  Optional<Instant> loginProfileCreated(String userName) {
    try {
      Document profile = call("GetLoginProfile", Map.of("UserName", userName));
      return Optional.of(Instant.parse(Xml.text(profile.getDocumentElement(), "CreateDate")));
    } catch (AwsServiceException error) {
      if (AwsErrors.isNotFound(error)) {
        return Optional.empty();
      }
      throw error;
    }
  }

  void deleteLoginProfile(String userName) {
    call("DeleteLoginProfile", Map.of("UserName", userName));
  }

  /** The user's console password's last use; throws NoSuchEntity when there is no such user. */
  Optional<Instant> passwordLastUsed(String userName) {
    String used =
        Xml.text(
            call("GetUser", Map.of("UserName", userName)).getDocumentElement(), "PasswordLastUsed");
    return used.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(used));
  }

  /** The ARNs of the managed policies attached to the user, following IAM's pages. */
  List<String> attachedPolicyArns(String userName) {
    List<String> arns = new ArrayList<>();
    for (Element policy :
        pages("ListAttachedUserPolicies", Map.of("UserName", userName), "AttachedPolicies")) {
      arns.add(Xml.text(policy, "PolicyArn"));
    }
    return arns;
  }

  void attachUserPolicy(String userName, String policyArn) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("UserName", userName);
    parameters.put("PolicyArn", policyArn);
    call("AttachUserPolicy", parameters);
  }

  LastUsed accessKeyLastUsed(String accessKeyId) {
    Element used =
        call("GetAccessKeyLastUsed", Map.of("AccessKeyId", accessKeyId)).getDocumentElement();
    String at = Xml.text(used, "LastUsedDate");
    return new LastUsed(
        at.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(at)),
        Xml.text(used, "ServiceName"),
        Xml.text(used, "Region"));
  }

  private Document call(String action, Map<String, String> parameters) {
    return api.query(Service.IAM, region, action, parameters);
  }

  /** The {@code member} items of every page of a listing ({@code Marker}, {@code IsTruncated}). */
  private List<Element> pages(String action, Map<String, String> parameters, String listElement) {
    List<Element> items = new ArrayList<>();
    String marker = "";
    do {
      Map<String, String> page = new LinkedHashMap<>(parameters);
      if (!marker.isEmpty()) {
        page.put("Marker", marker);
      }
      Element response = call(action, page).getDocumentElement();
      items.addAll(Xml.items(response, listElement, "member"));
      marker = Xml.text(response, "IsTruncated").equals("true") ? Xml.text(response, "Marker") : "";
    } while (!marker.isEmpty());
    return items;
  }
}
