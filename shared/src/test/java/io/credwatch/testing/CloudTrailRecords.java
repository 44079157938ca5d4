package io.credwatch.testing;

/** Small CloudTrail records for tests, built from the parts a test varies. */
public final class CloudTrailRecords {
  private CloudTrailRecords() {}

  /**
   * A successful CreateAccessKey by {@code identity} (a userIdentity object) for {@code
   * requestedUser} ("" leaves the parameter out), creating key AKIANEW, event id e1.
   */
  public static String createAccessKey(String identity, String requestedUser) {
    String request =
        requestedUser.isEmpty() ? "null" : "{\"userName\":" + Json.string(requestedUser) + "}";
    return """
        {"eventVersion":"1.09","userIdentity":%s,"eventTime":"2026-11-20T10:15:01Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey",
         "awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2","requestParameters":%s,
         "responseElements":{"accessKey":{"accessKeyId":"AKIANEW","status":"Active"}},"eventID":"e1","recipientAccountId":"111122223333"}"""
        .formatted(identity, request);
  }

  /** An IAMUser userIdentity in account 111122223333. */
  public static String iamUser(String arnResource, String userName) {
    return "{\"type\":\"IAMUser\",\"principalId\":\"AIDA1\",\"arn\":\"arn:aws:iam::111122223333:"
        + arnResource
        + "\",\"accountId\":\"111122223333\",\"userName\":"
        + Json.string(userName)
        + "}";
  }

  /** JSON string quoting for test inputs. */
  public static final class Json {
    private Json() {}

    public static String string(String text) {
      StringBuilder out = new StringBuilder("\"");
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '"' || c == '\\') {
          out.append('\\').append(c);
        } else if (c < 0x20) {
          out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
      return out.append('"').toString();
    }
  }
}
