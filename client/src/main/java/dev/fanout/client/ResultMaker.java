package dev.fanout.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.client.internal.ResultFactory;
import java.util.List;
import java.util.function.Supplier;

/** Makes a client's results; its responses read JSON with the client's mapper. Thread-safe. */
final class ResultMaker implements ResultFactory {

    private final Supplier<ObjectMapper> mapper;

    ResultMaker(Supplier<ObjectMapper> mapper) {
        this.mapper = mapper;
    }

    @Override
    public Result response(
            int index,
            Request request,
            int status,
            String protocol,
            List<String> headerPairs,
            byte[] body,
            String url,
            int attempts,
            int hedges,
            long[] phaseNanos) {
        Response response = new Response(status, protocol, headerPairs, body, url, mapper);
        return new Result(index, request, response, null, attempts, hedges, phaseNanos);
    }

    @Override
    public Result failure(
            int index, Request request, FetchException error, int attempts, int hedges, long[] phaseNanos) {
        return new Result(index, request, null, error, attempts, hedges, phaseNanos);
    }
}
