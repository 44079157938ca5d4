package io.credwatch.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.event.Cloud;
import io.credwatch.event.CredentialKind;
import io.credwatch.event.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperationCatalogTest {

  @ParameterizedTest
  @CsvSource({
    "google.iam.admin.v1.CreateServiceAccountKey, CreateServiceAccountKey",
    "google.iam.admin.v1beta.CreateServiceAccountKey, CreateServiceAccountKey",
    "v1.compute.instances.setMetadata, compute.instances.setMetadata",
    "beta.compute.projects.setCommonInstanceMetadata, compute.projects.setCommonInstanceMetadata",
    "google.api.apikeys.v2.ApiKeys.CreateKey, ApiKeys.CreateKey",
    "storage.hmacKeys.create, storage.hmacKeys.create",
    "google.cloud.oslogin.v1beta.OsLoginService.ImportSshPublicKey, OsLoginService.ImportSshPublicKey"
  })
  void gcpShortMethod_dropsTheApiVersion(String method, String expected) {
    assertThat(OperationCatalog.gcpShortMethod(method)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Update application – Certificates and secrets management",
        "Update application - Certificates and secrets management",
        "Update application — Certificates and secrets management ",
        "update application-certificates and secrets management",
        "Update application  –  Certificates and secrets management"
      })
  void entraOperation_dashAndSpacingVariants_matchTheSameOperation(String activity) {
    assertThat(OperationCatalog.entraOperation(activity))
        .hasValueSatisfying(
            entry ->
                assertThat(entry.operation().name())
                    .isEqualTo("Update application – Certificates and secrets management"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Add service principal credentials|add service principal credentials",
        "'  Update\\tapplication –Certificates  and secrets management\\n'|update application - certificates and secrets management",
        "a-b|a - b",
        "-x|- x",
        "x‐‒−|x - - -",
        "Add owner to application|add owner to application"
      })
  void entraKey_foldsDashesSpacesAndCase(String activity, String key) {
    assertThat(OperationCatalog.entraKey(activity.translateEscapes())).isEqualTo(key);
  }

  @Test
  void armOperation_matchesWithoutCase() {
    assertThat(OperationCatalog.armOperation("MICROSOFT.COMPUTE/SSHPUBLICKEYS/WRITE"))
        .hasValueSatisfying(
            e -> assertThat(e.kinds()).containsExactly(CredentialKind.SSH_PUBLIC_KEY));
  }

  @Test
  void kinds_uncataloguedOrWrongCloud_isEmpty() {
    assertThat(
            OperationCatalog.kinds(
                Cloud.AWS, new Operation("iam.amazonaws.com", "DeleteAccessKey")))
        .isEmpty();
    assertThat(
            OperationCatalog.kinds(
                Cloud.GCP, new Operation("iam.amazonaws.com", "CreateAccessKey")))
        .isEmpty();
    assertThat(
            OperationCatalog.kinds(
                Cloud.AWS, new Operation("iam.amazonaws.com", "CreateAccessKey")))
        .containsExactly(CredentialKind.ACCESS_KEY);
  }

  @Test
  void operations_everyCloudHasSome() {
    for (Cloud cloud : Cloud.values()) {
      assertThat(OperationCatalog.operations(cloud)).isNotEmpty();
      for (Operation operation : OperationCatalog.operations(cloud)) {
        assertThat(OperationCatalog.kinds(cloud, operation)).as(operation.qualified()).isNotEmpty();
      }
    }
  }
}
