package io.credwatch.respond;

import io.credwatch.detect.Detector;
import io.credwatch.log.JsonLog;
import io.credwatch.source.EventReader;
import java.time.Clock;

/**
 * What a first-use watch shares with the pipeline: it reads a remembered event again, detects it,
 * and sends its follow-up through the same sinks, in the same mode.
 */
record Watching(
    EventReader reader,
    Detector detector,
    Responder responder,
    RemediationPolicy policy,
    Clock clock,
    JsonLog log) {}
