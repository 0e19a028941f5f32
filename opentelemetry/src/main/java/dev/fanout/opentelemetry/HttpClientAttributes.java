package dev.fanout.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import java.util.Set;

/**
 * The attribute keys this module writes: those of OpenTelemetry's HTTP client span conventions
 * (stable since semantic conventions 1.23), and fanout's own for the batch and the events.
 *
 * <p>Written out here rather than taken from {@code opentelemetry-semconv}: that artifact is
 * versioned apart from the API (and marked alpha for the incubating keys), and these few names
 * are fixed by the stable conventions, so a service is spared one more dependency to align.
 */
final class HttpClientAttributes {

    static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> HTTP_REQUEST_METHOD_ORIGINAL =
            AttributeKey.stringKey("http.request.method_original");
    static final AttributeKey<Long> HTTP_REQUEST_RESEND_COUNT = AttributeKey.longKey("http.request.resend_count");
    static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> NETWORK_PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    /** On the batch span: how many requests the batch holds. */
    static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("fanout.batch.size");
    /** On a retry event: the number of the attempt to come (2 for the first retry). */
    static final AttributeKey<Long> RETRY_ATTEMPT = AttributeKey.longKey("fanout.retry.attempt");
    /** On a retry event: the wait before it, in milliseconds. */
    static final AttributeKey<Long> RETRY_DELAY_MS = AttributeKey.longKey("fanout.retry.delay_ms");
    /** On a retry event: the status that asked for it, or the failure's message. */
    static final AttributeKey<String> RETRY_REASON = AttributeKey.stringKey("fanout.retry.reason");

    /** On a replay event: why the request was sent again on a fresh connection ({@code stale}, {@code refused}). */
    static final AttributeKey<String> REPLAY_REASON = AttributeKey.stringKey("fanout.replay.reason");
    /** On an attempt's span: true when the attempt was cut short (a hedged copy that lost the race). */
    static final AttributeKey<Boolean> CANCELLED = AttributeKey.booleanKey("fanout.cancelled");

    /** The conventions' default known methods (RFC 9110 and PATCH); others are {@code _OTHER}. */
    static final Set<String> KNOWN_METHODS =
            Set.of("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE");

    /** What the conventions call a method not in the known list. */
    static final String OTHER_METHOD = "_OTHER";

    private HttpClientAttributes() {}
}
