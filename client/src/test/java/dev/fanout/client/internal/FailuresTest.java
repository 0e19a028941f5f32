package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.client.ErrorKind;
import java.io.IOException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

/** How a failure is put into words for a result's message. */
class FailuresTest {

    @Test
    void aNativeSocketErrorIsDescribedByItsReasonNotBySystemCall() {
        // The words of Netty's epoll transport for a reset connection, as `fanout demo` printed them.
        IOException reset = new IOException("recvAddress(..) failed: Connection reset by peer");

        assertThat(Failures.describe(reset)).isEqualTo("connection reset by peer");
        assertThat(Failures.kindOf(reset)).isEqualTo(ErrorKind.CLOSED);
    }

    @Test
    void aNativeErrorWithItsNumberIsDescribedByItsReasonToo() {
        assertThat(Failures.describe(new IOException("writeAddress(..) failed with error(-32): Broken pipe")))
                .isEqualTo("broken pipe");
    }

    @Test
    void otherExceptionsKeepTheirNameAndMessage() {
        assertThat(Failures.describe(new SocketException("Connection reset")))
                .isEqualTo("SocketException: Connection reset");
    }
}
