package io.credwatch.source;

/**
 * A CloudTrail digest file ({@code digestStartTime}, {@code logFiles}): hashes that prove the log
 * files were not altered, with no events in it.
 */
final class CloudTrailDigestShape implements Shape {
  private static final ShapeKey DIGEST_START_TIME = ShapeKey.of("digestStartTime");

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(DIGEST_START_TIME);
  }

  @Override
  public void read(RecordSpan record) {
    record.ignored("CloudTrail digest file (hashes of log files, no events)");
  }
}
