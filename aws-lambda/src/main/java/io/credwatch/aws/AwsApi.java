package io.credwatch.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.json.JsonLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * The AWS APIs CredWatch calls, spoken directly: a request signed with Signature Version 4 by the
 * SDK's own signer and sent by its HTTP client, in the service's protocol (Query for IAM, EC2, SNS
 * and STS; JSON for DynamoDB, CloudTrail, SQS and Secrets Manager). The SDK's service clients carry
 * the model of every operation of their service: 33 MiB for the eight services, and a quarter of a
 * second of the function's start-up, for the 24 calls CredWatch makes. Failures are the SDK's own
 * exceptions ({@link AwsServiceException} with the service's error code, {@link SdkClientException}
 * when AWS could not be reached), so callers read them as they would the SDK's.
 */
final class AwsApi {
  /** One AWS service: how requests to it are signed, addressed and spoken. */
  enum Service {
    IAM("iam", "2010-05-08", ""),
    EC2("ec2", "2016-11-15", ""),
    SNS("sns", "2010-03-31", ""),
    STS("sts", "2011-06-15", ""),
    DYNAMODB("dynamodb", "1.0", "DynamoDB_20120810"),
    CLOUDTRAIL("cloudtrail", "1.1", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"),
    SQS("sqs", "1.0", "AmazonSQS"),
    SECRETS_MANAGER("secretsmanager", "1.1", "secretsmanager"),
    /** REST-JSON: a path per operation, JSON both ways. */
    SECURITY_HUB("securityhub", "rest-json", "");

    final String signingName;

    /** The Query API version, or the JSON protocol's version. */
    final String version;

    /** The JSON protocol's target prefix; empty for the Query protocol. */
    final String targetPrefix;

    Service(String signingName, String version, String targetPrefix) {
      this.signingName = signingName;
      this.version = version;
      this.targetPrefix = targetPrefix;
    }

    /** Whether the service answers (and refuses) in JSON rather than XML. */
    boolean json() {
      return !targetPrefix.isEmpty() || version.equals("rest-json");
    }
  }

  /** Attempts per call: throttling, a 5xx or a broken connection is tried again, twice. */
  static final int ATTEMPTS = 3;

  private static final ObjectMapper JSON = JsonLimits.defaultMapper();

  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final @Nullable URI endpoint;
  private final Map<Service, URI> serviceEndpoints;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  /**
   * @param endpoint every service's endpoint ({@code AWS_ENDPOINT_URL}: moto in tests), or null for
   *     AWS's own
   * @param serviceEndpoints one service's endpoint ({@code AWS_ENDPOINT_URL_CLOUDTRAIL}...)
   */
  AwsApi(
      SdkHttpClient http,
      AwsCredentialsProvider credentials,
      @Nullable URI endpoint,
      Map<Service, URI> serviceEndpoints) {
    this.http = http;
    this.credentials = credentials;
    this.endpoint = endpoint;
    this.serviceEndpoints = Map.copyOf(serviceEndpoints);
  }

  /** The partition of a Region: {@code aws-cn}, {@code aws-us-gov} or {@code aws}. */
  static String partition(String region) {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }

  /** IAM is global: one endpoint, and one signing Region, per partition. */
  static String iamSigningRegion(String region) {
    return switch (partition(region)) {
      case "aws-cn" -> "cn-north-1";
      case "aws-us-gov" -> "us-gov-west-1";
      default -> "us-east-1";
    };
  }

  /** The service's endpoint in a Region: an override, or AWS's own name for it. */
  URI endpoint(Service service, String region) {
    URI override = serviceEndpoints.getOrDefault(service, endpoint);
    if (override != null) {
      return override;
    }
    String partition = partition(region);
    String domain = partition.equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com";
    if (service == Service.IAM) {
      return URI.create(
          switch (partition) {
            case "aws-cn" -> "https://iam.cn-north-1.amazonaws.com.cn/";
            case "aws-us-gov" -> "https://iam.us-gov.amazonaws.com/";
            default -> "https://iam.amazonaws.com/";
          });
    }
    return URI.create("https://" + service.signingName + "." + region + "." + domain + "/");
  }

  /**
   * A Query API call ({@code Action=...&Version=...} form-encoded); its XML response. Parameters
   * keep their order: lists are {@code Name.member.N} (or {@code Name.N} for EC2).
   */
  Document query(Service service, String region, String action, Map<String, String> parameters) {
    StringBuilder form = new StringBuilder("Action=").append(encode(action));
    form.append("&Version=").append(encode(service.version));
    parameters.forEach(
        (name, value) -> form.append('&').append(encode(name)).append('=').append(encode(value)));
    byte[] body = form.toString().getBytes(StandardCharsets.UTF_8);
    Response response =
        send(
            service,
            region,
            "",
            body,
            Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"));
    return xml(response.body());
  }

  /** A JSON protocol call ({@code X-Amz-Target: Prefix.Operation}); its JSON response. */
  JsonNode json(Service service, String region, String operation, ObjectNode request) {
    Response response =
        send(
            service,
            region,
            "",
            bytes(request),
            Map.of(
                "Content-Type",
                "application/x-amz-json-" + service.version,
                "X-Amz-Target",
                service.targetPrefix + "." + operation));
    return jsonOf(service, response);
  }

  /** A REST-JSON call: a POST of {@code request} to the operation's path; its JSON response. */
  JsonNode restJson(Service service, String region, String path, ObjectNode request) {
    Response response =
        send(service, region, path, bytes(request), Map.of("Content-Type", "application/json"));
    return jsonOf(service, response);
  }

  private static byte[] bytes(ObjectNode request) {
    try {
      return JSON.writeValueAsBytes(request);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
  }

  private static JsonNode jsonOf(Service service, Response response) {
    try {
      return response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException unreadable) {
      throw SdkClientException.create(
          service.signingName + " sent a response that is not JSON", unreadable);
    }
  }

  /** A new JSON request body. */
  static ObjectNode request() {
    return JSON.createObjectNode();
  }

  @SuppressWarnings("ArrayRecordComponent") // read once, never compared or hashed
  private record Response(int status, byte[] body) {}

  private Response send(
      Service service, String region, String path, byte[] body, Map<String, String> headers) {
    String signingRegion = service == Service.IAM ? iamSigningRegion(region) : region;
    URI base = endpoint(service, region);
    URI uri = path.isEmpty() ? base : base.resolve(path);
    for (int attempt = 1; ; attempt++) {
      try {
        Response response = sendOnce(service, signingRegion, uri, body, headers);
        if (response.status() / 100 == 2) {
          return response;
        }
        AwsServiceException refused = refusal(service, response);
        if (!retryable(refused) || attempt >= ATTEMPTS) {
          throw refused;
        }
      } catch (IOException unreachable) {
        if (attempt >= ATTEMPTS) {
          throw SdkClientException.create(
              "could not reach "
                  + service.signingName
                  + " ("
                  + unreachable.getClass().getSimpleName()
                  + ")",
              unreachable);
        }
      }
      backOff(attempt);
    }
  }

  private Response sendOnce(
      Service service, String signingRegion, URI uri, byte[] body, Map<String, String> headers)
      throws IOException {
    SdkHttpFullRequest.Builder unsigned =
        SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(uri);
    headers.forEach(unsigned::putHeader);
    SignedRequest signed =
        signer.sign(
            sign ->
                sign.identity(credentials.resolveCredentials())
                    .request(unsigned.build())
                    .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service.signingName)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, signingRegion));
    HttpExecuteResponse response =
        http.prepareRequest(
                HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build())
            .call();
    byte[] read;
    Optional<? extends InputStream> stream = response.responseBody();
    if (stream.isPresent()) {
      try (InputStream in = stream.get()) {
        read = in.readAllBytes();
      }
    } else {
      read = new byte[0];
    }
    return new Response(response.httpResponse().statusCode(), read);
  }

  /** The service's error as the SDK would throw it: its code, message and HTTP status. */
  private static AwsServiceException refusal(Service service, Response response) {
    String code = "";
    String message = "";
    if (service.json()) {
      try {
        JsonNode error = JSON.readTree(response.body());
        code = error.path("__type").asText(error.path("Code").asText(""));
        code = code.substring(code.lastIndexOf('#') + 1);
        message = error.path("message").asText(error.path("Message").asText(""));
      } catch (IOException | RuntimeException notJson) {
        // the status says enough
      }
    } else {
      try {
        Document error = xml(response.body());
        code = Xml.text(error.getDocumentElement(), "Code");
        message = Xml.text(error.getDocumentElement(), "Message");
      } catch (RuntimeException notXml) {
        // the status says enough
      }
    }
    if (code.isEmpty()) {
      code = "HTTP" + response.status();
    }
    return AwsServiceException.builder()
        .statusCode(response.status())
        .message(code + ": " + message)
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode(code)
                .errorMessage(message)
                .serviceName(service.signingName)
                .build())
        .build();
  }

  private static boolean retryable(AwsServiceException refused) {
    return refused.isThrottlingException() || refused.statusCode() >= 500;
  }

  /** Full jitter on 100 ms, 200 ms: spread out, and short against Lambda's deadline. */
  private static void backOff(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 100L << (attempt - 1)));
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
      throw SdkClientException.create("interrupted while waiting to try again", stopped);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A response's XML: no DTD, no external entity (the response comes over the network). */
  static Document xml(byte[] body) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder.parse(new ByteArrayInputStream(body));
    } catch (ParserConfigurationException | SAXException | IOException unreadable) {
      throw SdkClientException.create("AWS sent a response that is not XML", unreadable);
    }
  }

  /** Reading a Query API response: elements by local name, whatever the namespace. */
  static final class Xml {
    private Xml() {}

    /** The text of the first element named {@code name} below {@code parent}, or "". */
    static String text(Element parent, String name) {
      NodeList found = parent.getElementsByTagNameNS("*", name);
      return found.getLength() == 0 ? "" : found.item(0).getTextContent().strip();
    }

    /** The direct children named {@code item} of the first element named {@code list}. */
    static List<Element> items(Element parent, String list, String item) {
      List<Element> items = new ArrayList<>();
      NodeList lists = parent.getElementsByTagNameNS("*", list);
      if (lists.getLength() == 0) {
        return items;
      }
      for (Node child = lists.item(0).getFirstChild();
          child != null;
          child = child.getNextSibling()) {
        if (child instanceof Element element && item.equals(element.getLocalName())) {
          items.add(element);
        }
      }
      return items;
    }
  }
}
