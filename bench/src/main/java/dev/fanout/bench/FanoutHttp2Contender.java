package dev.fanout.bench;

import dev.fanout.client.FanoutClient;
import dev.fanout.client.FetchException;
import dev.fanout.client.HttpVersion;
import dev.fanout.client.Result;
import java.nio.file.Path;
import java.util.List;

/**
 * fanout over HTTP/2: one fetchAll on one loop thread, {@code httpVersion(HTTP_2)}. Every request
 * of the batch may be in flight at once ({@code maxInFlight} N), and the client may open up to
 * N connections to the origin ({@code maxConnectionsPerHost}, which over HTTP/2 counts
 * connections): how many it opens is its own choice.
 */
final class FanoutHttp2Contender implements Http2Contender {

    private final FanoutClient client;

    FanoutHttp2Contender(int maxConnections, Path trustedPem) {
        client = FanoutClient.builder()
                .httpVersion(HttpVersion.HTTP_2)
                .trustCertificates(trustedPem)
                .maxInFlight(maxConnections)
                .maxConnectionsPerHost(maxConnections)
                .requestTimeout(REQUEST_TIMEOUT)
                .build();
    }

    @Override
    public String name() {
        return "fanout";
    }

    @Override
    public BatchOutcome fetchAll(List<String> urls) {
        String[] problems = new String[urls.size()];
        for (Result result : client.fetchAll(urls)) {
            problems[result.index()] = problem(result);
        }
        return BatchOutcome.of(urls, problems);
    }

    private static String problem(Result result) {
        if (result.response() != null) {
            String protocol = result.response().protocol();
            return result.status() == 200 && protocol.equals("HTTP/2")
                    ? null
                    : BatchOutcome.describeAnswer(result.status(), protocol);
        }
        FetchException error = result.error();
        String text = error.kind() + ": " + error.getMessage();
        return error.getCause() == null ? text : text + " (" + BatchOutcome.describe(error.getCause()) + ")";
    }

    @Override
    public void close() {
        client.close();
    }
}
