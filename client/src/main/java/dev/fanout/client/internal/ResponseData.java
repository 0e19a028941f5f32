package dev.fanout.client.internal;

import java.util.List;

/**
 * A response as an attempt gathered it, copied out of Netty's buffers, for the public layer
 * to wrap. Immutable.
 *
 * @param status the status code
 * @param protocol {@code "HTTP/1.1"} or {@code "HTTP/1.0"}
 * @param headerPairs header names and values, alternating, in the order received
 * @param body the decoded body (never null)
 * @param url the URL that answered (the last hop's, after redirects)
 */
record ResponseData(int status, String protocol, List<String> headerPairs, byte[] body, String url) {

    /** Returns the first value of the header {@code name} (any case), or null. */
    public String header(String name) {
        for (int i = 0; i < headerPairs.size(); i += 2) {
            if (headerPairs.get(i).equalsIgnoreCase(name)) {
                return headerPairs.get(i + 1);
            }
        }
        return null;
    }
}
