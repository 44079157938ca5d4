package io.credwatch.invoke.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credwatch.aws.SamTemplate;
import java.io.File;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalInvokeTest {
  @Test
  @SuppressWarnings("unchecked")
  void theHandlerGetsWhatLambdaGivesIt_theTemplatesTimeoutAndMemory() {
    Map<String, Object> function = SamTemplate.properties(SamTemplate.load(), "CredWatchFunction");
    assertThat(function.get("Timeout")).isEqualTo(LocalInvoke.TIMEOUT_SECONDS);
    assertThat(function.get("MemorySize")).isEqualTo(LocalInvoke.MEMORY_MB);
  }

  @Test
  void theRuntimeRunsTheDeployableJar_besideTheRuntimeClientsOwnJars() {
    String previous = System.getProperty("credwatch.aws.deployable");
    try {
      System.setProperty("credwatch.aws.deployable", "/nonexistent/credwatch-aws-lambda.jar");
      assertThatThrownBy(LocalInvoke::runtimeClasspath)
          .hasMessageContaining("the deployable jar is missing");
      File jar =
          io.credwatch.testing.Fixtures.repositoryRoot()
              .resolve("aws-lambda/target/deployment/credwatch-aws-lambda.jar")
              .toFile();
      System.setProperty("credwatch.aws.deployable", jar.getPath());
      String[] classpath = LocalInvoke.runtimeClasspath().split(File.pathSeparator, -1);
      assertThat(classpath).hasSize(3);
      assertThat(classpath[0]).isEqualTo(jar.getPath());
      assertThat(classpath[1]).contains("aws-lambda-java-runtime-interface-client");
      assertThat(classpath[2]).contains("aws-lambda-java-serialization");
    } finally {
      if (previous == null) {
        System.clearProperty("credwatch.aws.deployable");
      } else {
        System.setProperty("credwatch.aws.deployable", previous);
      }
    }
  }

  /**
   * The deployable stays lean: no SDK service client (their models are what made it 42 MiB), and
   * under 12 MiB. The jar is built by the package phase, before this module's tests.
   */
  @Test
  void theDeployableJar_holdsNoServiceClient_andIsUnder12MiB() throws java.io.IOException {
    java.nio.file.Path jar =
        io.credwatch.testing.Fixtures.repositoryRoot()
            .resolve("aws-lambda/target/deployment/credwatch-aws-lambda.jar");
    assertThat(java.nio.file.Files.size(jar)).isLessThan(12L << 20);
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
      assertThat(zip.stream().map(java.util.zip.ZipEntry::getName))
          .noneMatch(name -> name.startsWith("software/amazon/awssdk/services/"))
          .contains("io/credwatch/aws/AwsApi.class");
    }
  }
}
