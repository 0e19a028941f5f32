/**
 * OpenTelemetry tracing for {@link dev.fanout.client.FanoutClient}: a CLIENT span for each HTTP
 * request the client sends, following OpenTelemetry's HTTP client semantic conventions, with the
 * W3C {@code traceparent} (and whatever else the configured propagators carry) on every attempt,
 * and the batch as the requests' parent span. {@link dev.fanout.opentelemetry.FanoutTracing} is
 * the entry point.
 *
 * <h2>Threading</h2>
 * {@code FanoutTracing} is thread-safe: one serves every client and batch. The spans of a request
 * are started, changed and ended on the client's loop thread, by the listener the client makes
 * for that request, which keeps them in its fields without locks; each event costs a few field
 * writes and, for a span, the SDK's own work (an exporter that blocks is the SDK's batch
 * processor's business, never the loop's). The caller's {@link io.opentelemetry.context.Context}
 * is read on the caller's thread, where the batch is started, since the loop thread does not
 * have it.
 */
package dev.fanout.opentelemetry;
