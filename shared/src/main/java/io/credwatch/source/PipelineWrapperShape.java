package io.credwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A record wrapped by a log pipeline, tried when no other shape matched: the original record is an
 * object or JSON text in one member, read as a record of its own. Splunk keeps it in {@code _raw}
 * (and its export in {@code result}); Elastic in {@code event.original}; Logstash and Fluentd in
 * {@code message} or {@code log}; Wazuh in {@code data} (then {@code aws}, {@code gcp}, {@code
 * azure} or {@code office365}); Datadog in {@code attributes} (its API in {@code data} and {@code
 * content}). The first member holding an object or JSON text wins. Only in the archives' reader
 * ({@link EventReader#forArchives()}): the functions act on the cloud's own records only.
 */
final class PipelineWrapperShape implements Shape {
  private static final List<String> MEMBERS =
      List.of(
          "_raw",
          "event",
          "message",
          "log",
          "data",
          "attributes",
          "content",
          "result",
          "aws",
          "gcp",
          "azure",
          "office365");
  private static final long ANY_MEMBER = anyMember();

  private static long anyMember() {
    long mask = 0;
    for (String member : MEMBERS) {
      mask |= ShapeKey.mask(ShapeKey.of(member));
    }
    return mask;
  }

  @Override
  public long requiredKeys() {
    return 0;
  }

  @Override
  public boolean matches(Sniff sniff) {
    return (sniff.keys() & ANY_MEMBER) != 0;
  }

  @Override
  public void read(RecordSpan record) {
    record.rewrite(
        (tree, span) -> {
          for (String member : MEMBERS) {
            JsonNode value = tree.path(member);
            if (member.equals("event")) {
              // Elastic Common Schema: the original text is event.original.
              value = value.path("original");
              member = "event.original";
            }
            JsonNode content = ExportRow.dynamic(value);
            if (content.isObject() || (content.isArray() && !content.isEmpty())) {
              span.readTree(content, member, "record wrapped in " + member);
              return;
            }
          }
          span.ignored(Verdict.Ignored.UNKNOWN_SHAPE, "keys: " + span.describeKeys());
        });
  }
}
