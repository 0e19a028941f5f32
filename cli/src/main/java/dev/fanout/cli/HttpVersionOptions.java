package dev.fanout.cli;

import dev.fanout.client.HttpVersion;
import picocli.CommandLine.Option;

/**
 * {@code --http2} or {@code --http1.1}: which HTTP versions the client speaks, for
 * {@code fanout URL...}. An exclusive group: picocli refuses both at once (exit code 2) and
 * leaves the group null when neither is given, which keeps the client's {@link HttpVersion#AUTO}.
 */
final class HttpVersionOptions {

    // "required" means required within the group, as picocli's exclusive groups ask; the group itself is optional.
    @Option(
            names = "--http2",
            required = true,
            description = "Speak HTTP/2 only: h2 over TLS, and h2c with prior knowledge on http:// URLs; a server "
                    + "that does not speak it fails as PROTOCOL. Requests to one origin share a connection up to "
                    + "the server's stream limit (default: HTTP/2 where a TLS server offers it, else HTTP/1.1).")
    boolean http2;

    @Option(
            names = "--http1.1",
            required = true,
            description = "Speak HTTP/1.1 only: one request per connection at a time; TLS does not offer h2.")
    boolean http11;

    /** Returns the version {@code options} asks for: {@link HttpVersion#AUTO} when it is null (neither given). */
    static HttpVersion of(HttpVersionOptions options) {
        if (options == null) {
            return HttpVersion.AUTO;
        }
        return options.http2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1;
    }
}
