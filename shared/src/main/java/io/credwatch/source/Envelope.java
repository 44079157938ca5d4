package io.credwatch.source;

/**
 * Facts an envelope adds to the record it carries (EventBridge, Event Grid, CloudEvents). Every
 * text is "" when there is no envelope or it lacks the fact.
 *
 * @param kind {@code eventbridge}, {@code eventgrid}, {@code cloudevent}, or ""
 * @param id the envelope's event id
 * @param time the envelope's event time
 * @param account the account or subscription the envelope names
 * @param region the envelope's region
 * @param subject the Event Grid / CloudEvents subject (an Azure resource id)
 * @param type the event type ({@code Microsoft.Resources.ResourceWriteSuccess}, ...)
 */
record Envelope(
    String kind,
    String id,
    String time,
    String account,
    String region,
    String subject,
    String type) {

  static final Envelope NONE = new Envelope("", "", "", "", "", "", "");
}
