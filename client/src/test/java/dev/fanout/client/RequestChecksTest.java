package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.client.internal.ExchangeSpec;
import org.junit.jupiter.api.Test;

/** Requests checked on the caller's thread before a batch starts. */
class RequestChecksTest {

    @Test
    void aRequestSharesTheOriginOfTheOneCheckedBeforeWhenItIsTheSame() {
        ExchangeSpec first = RequestChecks.check(Request.get("http://api.example/1"), null, ObjectMapper::new, 1);

        Object same = RequestChecks.check(Request.get("http://api.example/2"), first, ObjectMapper::new, 1)
                .target()
                .origin();
        Object other = RequestChecks.check(Request.get("http://web.example/2"), first, ObjectMapper::new, 1)
                .target()
                .origin();

        assertThat(same).isSameAs(first.target().origin());
        assertThat(other).isNotSameAs(first.target().origin());
    }
}
