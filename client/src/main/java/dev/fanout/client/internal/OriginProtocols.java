package dev.fanout.client.internal;

import dev.fanout.client.HttpVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each origin's connections have spoken, and so whether its requests may share one: an
 * origin may speak HTTP/2 when the client speaks only HTTP/2, or, under {@link HttpVersion#AUTO},
 * when it is https and no connection to it has chosen HTTP/1.1 by ALPN. The last
 * {@value #REMEMBERED} origins are remembered, least recently used forgotten. Loop-confined.
 */
final class OriginProtocols {

    static final int REMEMBERED = 4096;

    private final HttpVersion version;
    private final Map<Origin, Boolean> speaksHttp2 = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Origin, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    OriginProtocols(HttpVersion version) {
        this.version = version;
    }

    /** Returns true when requests to {@code origin} share connections: it speaks HTTP/2, or must. */
    boolean multiplexed(Origin origin) {
        return version == HttpVersion.HTTP_2 || Boolean.TRUE.equals(speaksHttp2.get(origin));
    }

    /** Returns true when a connection to {@code origin} may turn out to speak HTTP/2. */
    boolean mayMultiplex(Origin origin) {
        return switch (version) {
            case HTTP_2 -> true;
            case HTTP_1_1 -> false;
            case AUTO -> origin.secure() && !Boolean.FALSE.equals(speaksHttp2.get(origin));
        };
    }

    /**
     * Records what a new connection to {@code origin} speaks; returns true when that makes its
     * requests share connections where they did not before (learned under AUTO).
     */
    boolean learned(Origin origin, boolean http2) {
        Boolean known = speaksHttp2.put(origin, http2);
        return http2 && !Boolean.TRUE.equals(known) && version != HttpVersion.HTTP_2;
    }
}
