package dev.fanout.cli;

import dev.fanout.client.Response;
import dev.fanout.client.Result;
import dev.fanout.client.Timings;
import java.time.Duration;

/**
 * Turns the client's {@link Result} into the renderers' {@link Row}: the one place where the
 * command reads a result.
 */
final class Rows {

    private Rows() {}

    /**
     * Returns the row of {@code result}, input {@code index}, its start moved {@code offset}
     * later on the run's time axis; with the body as text when {@code withBody}.
     */
    static Row of(Result result, int index, Duration offset, boolean withBody) {
        Timings t = result.timings();
        Timings timings = new Timings(
                t.start().plus(offset),
                t.queued(),
                t.dns(),
                t.connect(),
                t.tls(),
                t.waiting(),
                t.receiving(),
                result.elapsed());
        String method = result.request().method();
        String url = result.request().redactedUrl(); // what is printed never shows a password
        Response response = result.response();
        Row row;
        if (response != null) {
            row = Row.response(
                    index, method, url, response.status(), timings, response.body().length, response.protocol());
            if (withBody) {
                row = row.withBody(response.bodyAsString());
            }
        } else {
            row = Row.failure(
                    index,
                    method,
                    url,
                    result.error().kind().name(),
                    result.error().getMessage(),
                    timings);
        }
        return row.withAttempts(result.attempts(), result.hedges());
    }
}
