package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.client.HttpVersion;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code --http2} and {@code --http1.1} on {@code fanout URL...}, against the testkit's server
 * with HTTP/2 on (h2c on its plain port, h2 by ALPN on its HTTPS port): each option is the
 * client's {@code httpVersion}, and the JSON lines say what each response came over.
 */
class HttpVersionOptionTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints =
            SlowEndpointsExtension.create(SlowEndpoints.builder().http2(true));

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static List<String> protocols(CliRun run) throws Exception {
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        List<String> protocols = new ArrayList<>();
        for (String line : run.lines()) {
            JsonNode json = MAPPER.readTree(line);
            protocols.add(json.get("protocol").asText());
        }
        return protocols;
    }

    @Test
    void http2SpeaksH2cWithPriorKnowledgeToAPlainHttpUrl(SlowEndpoints server) throws Exception {
        CliRun run = CliRun.run(
                "--http2", "--json", server.delayed(Duration.ofMillis(5)), server.delayed(Duration.ofMillis(5)));
        assertThat(protocols(run)).containsExactly("HTTP/2", "HTTP/2");
    }

    @Test
    void theTableShowsH2OnEachRowAndTheSummarySaysAllCameOverHttp2(SlowEndpoints server) {
        CliRun run = CliRun.run("--http2", server.delayed(Duration.ofMillis(5)), server.status(503));
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .containsPattern("0  /delay/5/\\d+\\s+200\\s+h2 ")
                .containsPattern("1  /status/503/\\d+\\s+503\\s+h2 ")
                .contains("protocol     all 2 responses over HTTP/2");
    }

    @Test
    void withoutAnOptionAPlainHttpUrlIsFetchedOverHttp11(SlowEndpoints server) throws Exception {
        CliRun run = CliRun.run("--json", server.delayed(Duration.ofMillis(5)));
        assertThat(protocols(run)).containsExactly("HTTP/1.1");
    }

    @Test
    void withoutAnOptionATlsServerThatOffersH2IsFetchedOverHttp2(SlowEndpoints server) throws Exception {
        CliRun run = CliRun.run(
                "--cacert",
                server.certificatePem().toString(),
                "--json",
                server.https(server.delayed(Duration.ofMillis(5))));
        assertThat(protocols(run)).containsExactly("HTTP/2");
    }

    @Test
    void http11NeverOffersH2EvenToATlsServerThatWouldPickIt(SlowEndpoints server) throws Exception {
        CliRun run = CliRun.run(
                "--http1.1",
                "--cacert",
                server.certificatePem().toString(),
                "--json",
                server.https(server.delayed(Duration.ofMillis(5))));
        assertThat(protocols(run)).containsExactly("HTTP/1.1");
    }

    @Test
    void eachOptionIsTheClientsHttpVersionAndNeitherIsAuto() {
        assertThat(version()).isEqualTo(HttpVersion.AUTO);
        assertThat(version("--http2")).isEqualTo(HttpVersion.HTTP_2);
        assertThat(version("--http1.1")).isEqualTo(HttpVersion.HTTP_1_1);
    }

    private static HttpVersion version(String... options) {
        List<String> args = new ArrayList<>(List.of(options));
        args.add("http://127.0.0.1:9/");
        FanoutCommand command = new FanoutCommand(CliRun.piped(), System.in);
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        return HttpVersionOptions.of(command.client.httpVersion);
    }

    @Test
    void bothAtOnceIsAUsageError() {
        CliRun run = CliRun.run("--http2", "--http1.1", "http://127.0.0.1:9/");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("fanout: --http2, --http1.1 are mutually exclusive (specify only one)");
        assertThat(run.out()).isEmpty(); // nothing was fetched
    }

    @Test
    void helpListsBothOptionsAsAlternatives() {
        String help = CliRun.run("--help").out();
        // The synopsis wraps where its options fall; the alternatives are what count.
        assertThat(help.replaceAll("\\s+", " ")).contains("[--http2 | --http1.1]");
        assertThat(help).containsPattern("--http2\\s+Speak HTTP/2 only");
        assertThat(help).containsPattern("--http1.1\\s+Speak HTTP/1.1 only");
    }
}
