package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FaultEndpointsTest {

  private static SlowEndpoints server;
  private static Http http;

  @BeforeAll
  static void startServer() {
    server = SlowEndpoints.start();
    http = Http.http1(server);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void everyFaultFailsTheJdkClientWithAnIoException() {
    for (String url : new String[] {
        server.connectionReset(), server.emptyResponse(), server.malformedChunk(),
        server.randomDataThenClose(), server.fault(Fault.EMPTY_RESPONSE)}) {
      assertThatThrownBy(() -> http.get(url)).as(url).isInstanceOf(IOException.class);
      assertThat(server.requestCount(url)).as(url).isPositive();
    }
  }

  @Test
  void connectionResetResetsTheConnectionBeforeAnyResponse() throws Exception {
    try (Socket socket = send(server.connectionReset())) {
      assertThatThrownBy(() -> readAll(socket.getInputStream()))
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("reset");
    }
  }

  @Test
  void emptyResponseClosesTheConnectionWithoutAByte() throws Exception {
    try (Socket socket = send(server.emptyResponse())) {
      assertThat(readAll(socket.getInputStream())).isEmpty();
    }
  }

  @Test
  void malformedChunkSendsAStatusLineThenAChunkThatIsNotOne() throws Exception {
    try (Socket socket = send(server.malformedChunk())) {
      String response = readAll(socket.getInputStream());
      assertThat(response).startsWith("HTTP/1.1 200");
      assertThat(response).containsIgnoringCase("Transfer-Encoding: chunked");
      String body = response.substring(response.indexOf("\r\n\r\n") + 4);
      assertThat(body).doesNotMatch("(?s)[0-9a-fA-F]+\r\n.*");
    }
  }

  @Test
  void randomDataThenCloseSendsNoStatusLine() throws Exception {
    try (Socket socket = send(server.randomDataThenClose())) {
      String response = readAll(socket.getInputStream());
      assertThat(response).isNotEmpty().doesNotStartWith("HTTP/");
    }
  }

  /** Sends one HTTP/1.1 GET by hand, so the test sees exactly the bytes that come back. */
  private static Socket send(String url) throws IOException {
    URI uri = URI.create(url);
    Socket socket = new Socket(uri.getHost(), uri.getPort());
    socket.setSoTimeout(10_000);
    String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
        + uri.getPort() + "\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    in.transferTo(bytes);
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }
}
