package example.netty41;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.client.FanoutClient;
import org.junit.jupiter.api.Test;

class Netty41Test {

    @Test
    void aClientOnNetty41SaysItNeedsNetty42() {
        String found = System.getProperty("netty.version");

        assertThatThrownBy(FanoutClient::create)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Netty 4.2")
                .hasMessageContaining(found)          // the version found
                .hasMessageContaining("netty-bom");   // and what to change
    }
}
