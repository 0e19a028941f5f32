package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import java.io.IOException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fault URLs break the connection in the way each one names, on HTTP and HTTPS. */
class FaultEndpointsTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @Test
    void everyFaultFailsTheJdkClientWithAnIoException(SlowEndpoints server) {
        Http http = Http.http1(server);
        for (String url : new String[] {
            server.connectionReset(),
            server.emptyResponse(),
            server.malformedChunk(),
            server.randomDataThenClose(),
            server.fault(Fault.EMPTY_RESPONSE)
        }) {
            assertThatThrownBy(() -> http.get(url)).as(url).isInstanceOf(IOException.class);
            assertThat(server.requestCount(url)).as(url).isPositive();
        }
    }

    @Test
    void connectionResetResetsTheConnectionBeforeAnyResponse(SlowEndpoints server) throws Exception {
        try (RawHttp raw = RawHttp.get(server.connectionReset())) {
            assertThatThrownBy(raw::readToEnd)
                    .isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
    }

    @Test
    void emptyResponseClosesTheConnectionWithoutAByte(SlowEndpoints server) throws Exception {
        try (RawHttp raw = RawHttp.get(server.emptyResponse())) {
            assertThat(raw.readToEnd()).isEmpty();
        }
    }

    @Test
    void malformedChunkSendsAStatusLineThenAChunkThatIsNotOne(SlowEndpoints server) throws Exception {
        try (RawHttp raw = RawHttp.get(server.malformedChunk())) {
            String response = raw.readToEnd();
            assertThat(response).startsWith("HTTP/1.1 200");
            assertThat(response).containsIgnoringCase("Transfer-Encoding: chunked");
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            assertThat(body).isNotEmpty().doesNotMatch("(?s)[0-9a-fA-F]+\r\n.*");
        }
    }

    @Test
    void randomDataThenCloseSendsNoStatusLine(SlowEndpoints server) throws Exception {
        try (RawHttp raw = RawHttp.get(server.randomDataThenClose())) {
            assertThat(raw.readToEnd()).isNotEmpty().doesNotStartWith("HTTP/");
        }
    }

    @Test
    void faultsAreServedOnTheHttpsPortToo(SlowEndpoints server) {
        Http http = Http.http1(server);

        assertThatThrownBy(() -> http.get(server.https(server.emptyResponse()))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> http.get(server.https(server.malformedChunk())))
                .isInstanceOf(IOException.class);
    }
}
