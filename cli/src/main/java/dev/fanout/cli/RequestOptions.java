package dev.fanout.cli;

import dev.fanout.client.Request;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What each request sends: method, headers, body (curl's {@code -X}, {@code -H}, {@code -d}). */
final class RequestOptions {

    @Option(
            names = {"-X", "--request"},
            paramLabel = "METHOD",
            description = "The method (default: GET, or POST with -d).")
    String method;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "'Name: value'",
            converter = Header.Converter.class,
            description = "Add a header to every request; repeatable.")
    List<Header> headers = new ArrayList<>();

    @Option(
            names = {"-d", "--data"},
            paramLabel = "BODY|@FILE",
            converter = BodyArgument.Converter.class,
            description = "Send this body with every request, or the bytes of FILE with @FILE.")
    BodyArgument body;

    /** Returns the method: as given, else POST with a body, else GET. */
    String method() {
        if (method != null) {
            return method;
        }
        return body == null ? "GET" : "POST";
    }

    /** Returns one request per URL, in order, each with these options. */
    List<Request> requests(List<String> urls) {
        List<Request> requests = new ArrayList<>(urls.size());
        for (String url : urls) {
            Request.Builder builder = Request.builder(url).method(method());
            for (Header header : headers) {
                builder.header(header.name(), header.value());
            }
            if (body != null) {
                builder.body(body.bytes());
            }
            requests.add(builder.build());
        }
        return requests;
    }
}
