package dev.fanout.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.fanout.client.Timings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * Prints one JSON object per result, one per line (JSON lines), for scripts.
 *
 * <pre>{@code
 * {"index":0,"method":"GET","url":"http://127.0.0.1:40123/delay/231/0","status":200,"error":null,
 *  "message":null,"timings":{"start":0.412,"queued":0.0,"dns":0.0,"connect":0.9,"tls":0.0,
 *  "waiting":231.4,"receiving":0.2,"total":233.1},"size":12,"protocol":"HTTP/1.1","attempts":1,
 *  "hedges":0}
 * }</pre>
 *
 * Every key is always present: {@code status} is null when the request failed, {@code error}
 * (the error kind) and {@code message} are null when a response arrived. Timings are in
 * milliseconds. {@code attempts} is how many times the request was sent (1, more after
 * retries or a hedged copy, 0 when it never reached the wire), {@code hedges} how many of those
 * sends were hedged copies. {@code body} (text) is added with {@code --body}; it is null for a failure.
 */
final class JsonLinesWriter {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final PrintWriter out;
    private final boolean withBody;

    JsonLinesWriter(PrintWriter out, boolean withBody) {
        this.out = out;
        this.withBody = withBody;
    }

    /** Prints {@code row} as one line of JSON. */
    void write(Row row) {
        StringWriter line = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeNumberField("index", row.index());
            json.writeStringField("method", row.method());
            json.writeStringField("url", row.url());
            if (row.responded()) {
                json.writeNumberField("status", row.status());
            } else {
                json.writeNullField("status");
            }
            json.writeStringField("error", row.errorKind());
            json.writeStringField("message", row.message());
            json.writeObjectFieldStart("timings");
            Timings p = row.timings();
            millis(json, "start", p.start());
            millis(json, "queued", p.queued());
            millis(json, "dns", p.dns());
            millis(json, "connect", p.connect());
            millis(json, "tls", p.tls());
            millis(json, "waiting", p.waiting());
            millis(json, "receiving", p.receiving());
            millis(json, "total", p.total());
            json.writeEndObject();
            json.writeNumberField("size", row.size());
            json.writeStringField("protocol", row.protocol());
            json.writeNumberField("attempts", row.attempts());
            json.writeNumberField("hedges", row.hedges());
            if (withBody) {
                json.writeStringField("body", row.body());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        out.println(line);
        out.flush();
    }

    private static void millis(JsonGenerator json, String name, Duration d) throws IOException {
        json.writeNumberField(name, Math.round(d.toNanos() / 1000.0) / 1000.0);
    }
}
