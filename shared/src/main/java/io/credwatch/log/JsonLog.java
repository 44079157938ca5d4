package io.credwatch.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credwatch.event.RecordLocation;
import io.credwatch.json.JsonLimits;
import io.credwatch.source.Verdict;
import java.io.PrintStream;
import java.util.Map;

/**
 * One JSON object per line, for the functions' logs (CloudWatch, Cloud Logging and Application
 * Insights all index JSON lines). Values are JSON-escaped, so an attacker-controlled string cannot
 * forge a log line; settings marked secret never reach here (they are {@code Secret} values whose
 * text is redacted). No logging framework: it would cost cold start for nothing.
 */
public final class JsonLog {
  private static final ObjectMapper JSON = JsonLimits.defaultMapper();
  private final PrintStream out;
  private final String component;

  public JsonLog(PrintStream out, String component) {
    this.out = out;
    this.component = component;
  }

  public void info(String message, Map<String, ?> fields) {
    write("INFO", message, fields);
  }

  public void warn(String message, Map<String, ?> fields) {
    write("WARN", message, fields);
  }

  public void error(String message, Map<String, ?> fields) {
    write("ERROR", message, fields);
  }

  /** Logs an ignored or malformed record with its reason; relevant ones are logged as findings. */
  public void verdict(Verdict verdict) {
    if (verdict instanceof Verdict.Ignored ignored) {
      info("record ignored", Map.of("reason", ignored.reason(), "at", at(ignored.location())));
    } else if (verdict instanceof Verdict.Malformed malformed) {
      warn(
          "record malformed, acknowledged without retry",
          Map.of("reason", malformed.reason(), "at", at(malformed.location())));
    }
  }

  private static String at(RecordLocation location) {
    return location.describe();
  }

  private void write(String level, String message, Map<String, ?> fields) {
    ObjectNode line = JSON.createObjectNode();
    line.put("level", level);
    line.put("component", component);
    line.put("message", message);
    fields.forEach((name, value) -> line.set(name, JSON.valueToTree(value)));
    synchronized (out) {
      out.println(line);
    }
  }
}
