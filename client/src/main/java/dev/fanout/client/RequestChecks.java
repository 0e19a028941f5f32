package dev.fanout.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.client.internal.Durations;
import dev.fanout.client.internal.ExchangeSpec;
import dev.fanout.client.internal.HttpSyntax;
import dev.fanout.client.internal.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Checks a {@link Request} on the caller's thread, before anything is handed to the loop: the
 * URL, the method, each header, the JSON body. What fails here is an {@code INVALID_REQUEST}
 * result, and nothing is sent. A user and password in the URL become an
 * {@code Authorization: Basic} header, as curl sends them, unless the request sets its own
 * {@code Authorization}. Stateless.
 */
final class RequestChecks {

    private RequestChecks() {}

    /**
     * Checks {@code r} and returns it ready to send; it shares the origin of {@code recent} (a
     * request checked before, or null) when they have the same.
     *
     * @throws IllegalArgumentException naming what is wrong: it becomes an INVALID_REQUEST result
     */
    static ExchangeSpec check(Request r, ExchangeSpec recent, Supplier<ObjectMapper> mapper, long defaultTimeoutNanos) {
        if (r == null) {
            throw new IllegalArgumentException("null entry (expected: a request or URL)");
        }
        Target target = Target.parse(r.url(), recent == null ? null : recent.target());
        String method = r.method();
        if (!HttpSyntax.isToken(method)) {
            throw new IllegalArgumentException("illegal method '" + method + "' (expected: an HTTP token)");
        }
        List<String> pairs = r.headerPairs();
        for (int i = 0; i < pairs.size(); i += 2) {
            HttpSyntax.checkHeader(pairs.get(i), pairs.get(i + 1));
        }
        String basic = target.basicAuthorization();
        if (basic != null && r.header("Authorization") == null) {
            List<String> withAuthorization = new ArrayList<>(pairs.size() + 2);
            withAuthorization.addAll(pairs);
            withAuthorization.add("Authorization");
            withAuthorization.add(basic);
            pairs = List.copyOf(withAuthorization);
        }
        byte[] body = r.bodyBytes();
        if (r.jsonBody() != null) {
            try {
                body = mapper.get().writeValueAsBytes(r.jsonBody());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot write the body as JSON: " + e.getOriginalMessage());
            }
        }
        long timeout = r.timeout() != null ? Durations.saturatedNanos(r.timeout()) : defaultTimeoutNanos;
        return new ExchangeSpec(target, method, pairs, body, timeout, r.retryable());
    }

    /** Returns a GET of each of {@code urls}, in order; a null URL stays null (an invalid entry). */
    static List<Request> gets(List<String> urls) {
        List<Request> requests = new ArrayList<>(urls.size());
        for (String url : urls) {
            requests.add(url == null ? null : Request.get(url));
        }
        return requests;
    }
}
