package io.credwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lenient parsing of the timestamps found in audit records and the pipelines that reshape them.
 *
 * <p>Accepted: ISO-8601 with any fraction and zone ({@code 2024-11-19T00:49:55.301834867Z}, {@code
 * 2022-01-22T18:22:41.5091873+00:00}); space-separated timestamps without a zone, read as UTC
 * (Panther: {@code 2023-01-03 01:52:07.000000000}); CloudTrail's response dates ({@code Sep 27,
 * 2022 5:09:18 PM}, {@code Nov 30, 2024, 8:43:17 PM}, and the synthetic {@code 0:00:00 PM}); epoch
 * seconds or milliseconds, also as decimal seconds ({@code 1.7336242749059E9}, BigQuery's JSON
 * export) or {@code {"seconds": n}} protobuf timestamps; any of the text forms with a trailing
 * {@code UTC} (BigQuery: {@code 2024-12-08 02:17:54.905561 UTC}). Month names are English whatever
 * the default locale.
 */
public final class Timestamps {
  private static final Pattern SPACED =
      Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[ T](\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?");
  private static final Pattern CLOUDTRAIL_DATE =
      Pattern.compile(
          "([A-Za-z]{3})\\s+(\\d{1,2}),\\s*(\\d{4}),?\\s+(\\d{1,2}):(\\d{2}):(\\d{2})\\s*([AaPp][Mm])");
  private static final Pattern DECIMAL_SECONDS =
      Pattern.compile("\\d{1,12}\\.\\d{1,18}(?:[eE]\\+?\\d{1,2})?|\\d{1,12}[eE]\\+?\\d{1,2}");

  /** Later than any audit record (year 33658): a larger number is not a time. */
  private static final long MAX_EPOCH_SECOND = 999_999_999_999L;

  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM", Locale.ENGLISH);

  private Timestamps() {}

  /** Parses text; empty when it is blank or not a recognizable time. */
  public static Optional<Instant> parse(String text) {
    String value = text.trim();
    if (value.endsWith(" UTC")) {
      value = value.substring(0, value.length() - " UTC".length()).trim();
    }
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException notIsoWithZone) {
      // fall through to the lenient forms
    }
    Matcher spaced = SPACED.matcher(value);
    if (spaced.matches()) {
      return spacedUtc(spaced);
    }
    Matcher cloudTrail = CLOUDTRAIL_DATE.matcher(value);
    if (cloudTrail.matches()) {
      return cloudTrailDate(cloudTrail);
    }
    if (value.chars().allMatch(Character::isDigit) && value.length() <= 13) {
      long number = Long.parseLong(value);
      return Optional.of(
          value.length() > 11 ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number));
    }
    if (DECIMAL_SECONDS.matcher(value).matches()) {
      BigDecimal seconds = new BigDecimal(value);
      if (seconds.compareTo(BigDecimal.valueOf(MAX_EPOCH_SECOND)) > 0) {
        return Optional.empty();
      }
      long whole = seconds.longValue();
      int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
      return Optional.of(Instant.ofEpochSecond(whole, nanos));
    }
    return Optional.empty();
  }

  /** Parses a JSON timestamp: text, epoch number, or a protobuf {@code {"seconds": n}} object. */
  public static Optional<Instant> parse(JsonNode node) {
    if (node.isTextual()) {
      return parse(node.textValue());
    }
    if (node.isNumber()) {
      return parse(node.asText());
    }
    if (node.isObject() && node.has("seconds")) {
      // Protobuf timestamps, as exporters write them: {"seconds": 1678377036} or 1678377036.0,
      // or as text, with optional nanos. Attacker-written numbers ({"seconds": 1e400}) are values
      // out of range, not exceptions.
      Optional<BigDecimal> seconds = decimal(node.get("seconds"));
      Optional<BigDecimal> nanos =
          node.has("nanos") ? decimal(node.get("nanos")) : Optional.of(BigDecimal.ZERO);
      if (seconds.isEmpty()
          || nanos.isEmpty()
          || seconds.get().abs().compareTo(BigDecimal.valueOf(MAX_EPOCH_SECOND)) > 0
          || nanos.get().signum() < 0
          || nanos.get().compareTo(BigDecimal.valueOf(999_999_999L)) > 0) {
        return Optional.empty();
      }
      BigDecimal exact = seconds.get().add(nanos.get().movePointLeft(9));
      long whole = exact.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
      int fraction = exact.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
      return Optional.of(Instant.ofEpochSecond(whole, fraction));
    }
    return Optional.empty();
  }

  /** A finite number, as JSON or as text of at most 40 characters; empty for anything else. */
  private static Optional<BigDecimal> decimal(JsonNode node) {
    if (node.isIntegralNumber()) {
      return Optional.of(new BigDecimal(node.bigIntegerValue()));
    }
    if (node.isFloatingPointNumber()) {
      double value = node.doubleValue();
      return Double.isFinite(value) ? Optional.of(node.decimalValue()) : Optional.empty();
    }
    if (node.isTextual()) {
      String text = node.textValue().trim();
      if (text.length() <= 40 && isPlainDecimal(text)) {
        return Optional.of(new BigDecimal(text));
      }
    }
    return Optional.empty();
  }

  /** Digits with an optional leading minus and at most one inner point: "-12", "3.5". */
  private static boolean isPlainDecimal(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    int point = text.indexOf('.');
    if (start == text.length() || point == start || point == text.length() - 1) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c == '.' && i == point)) {
        return false;
      }
    }
    return true;
  }

  private static Optional<Instant> spacedUtc(Matcher m) {
    try {
      LocalDate date = LocalDate.parse(m.group(1));
      String fraction = m.group(5) == null ? "0" : m.group(5);
      int nanos = Integer.parseInt((fraction + "000000000").substring(0, 9));
      LocalTime time =
          LocalTime.of(
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              Integer.parseInt(m.group(4)),
              nanos);
      return Optional.of(LocalDateTime.of(date, time).toInstant(ZoneOffset.UTC));
    } catch (java.time.DateTimeException invalid) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> cloudTrailDate(Matcher m) {
    try {
      int month =
          MONTH.parse(capitalize(m.group(1))).get(java.time.temporal.ChronoField.MONTH_OF_YEAR);
      int hour = Integer.parseInt(m.group(4)) % 12;
      if (m.group(7).equalsIgnoreCase("PM")) {
        hour += 12;
      }
      LocalDateTime local =
          LocalDateTime.of(
              Integer.parseInt(m.group(3)),
              month,
              Integer.parseInt(m.group(2)),
              hour,
              Integer.parseInt(m.group(5)),
              Integer.parseInt(m.group(6)));
      return Optional.of(local.toInstant(ZoneOffset.UTC));
    } catch (java.time.DateTimeException invalid) {
      return Optional.empty();
    }
  }

  private static String capitalize(String month) {
    return month.substring(0, 1).toUpperCase(Locale.ROOT)
        + month.substring(1).toLowerCase(Locale.ROOT);
  }
}
