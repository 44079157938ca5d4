package io.credwatch.source;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Microsoft 365 Defender advanced-hunting row of {@code CloudAppEvents} ({@code ActionType},
 * {@code RawEventData}), as the portal and the hunting API export it. {@code RawEventData} holds
 * the Office 365 audit record the row was made from; it is read as one.
 */
final class CloudAppEventsShape implements Shape {
  private static final ShapeKey ACTION_TYPE = ShapeKey.of("ActionType");
  private static final ShapeKey RAW_EVENT_DATA = ShapeKey.of("RawEventData");
  private static final ShapeKey APPLICATION = ShapeKey.of("Application");

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(ACTION_TYPE);
  }

  @Override
  public boolean matches(Sniff sniff) {
    // Every advanced-hunting table has ActionType; only CloudAppEvents carries RawEventData, and
    // a row exported without it is named, not left as an unknown shape.
    return sniff.hasKey(RAW_EVENT_DATA) || sniff.hasKey(APPLICATION);
  }

  @Override
  public void read(RecordSpan record) {
    record.rewrite(
        (tree, span) -> {
          ExportRow row = new ExportRow(tree);
          JsonNode raw = row.dynamic("RawEventData");
          if (!raw.isObject()) {
            span.ignored(
                "Defender CloudAppEvents row without its RawEventData record",
                Reasons.clip(row.text("ActionType")));
            return;
          }
          span.readTree(raw, "RawEventData", "CloudAppEvents RawEventData");
        });
  }
}
