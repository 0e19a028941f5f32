package dev.fanout.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A hostile path reads as a behaviour, its numbers, and a tag that is ignored. */
class HostileRouteTest {

    @Test
    void theFirstSegmentIsTheBehaviourAndTheLastIsTheTag() {
        HostileRoute route = HostileRoute.parse("/trickle/100/10/50/7?ignored=1");

        assertThat(route.name()).isEqualTo("trickle");
        assertThat(route.params()).containsExactly(100L, 10L, 50L);
        assertThat(route.param(3, 42)).isEqualTo(42);
    }

    @Test
    void h2BehavioursTakeTwoSegments() {
        HostileRoute route = HostileRoute.parse("/h2/reset-stream/8/3");

        assertThat(route.name()).isEqualTo("h2/reset-stream");
        assertThat(route.params()).containsExactly(8L);
    }

    @Test
    void aTagOfAnyTextIsAllowed() {
        assertThat(HostileRoute.parse("/silence/mine").name()).isEqualTo("silence");
        assertThat(HostileRoute.parse("/gzip-bomb/1000/some-tag").params()).containsExactly(1000L);
    }

    @Test
    void aPathWithoutATagOrWithWordsForNumbersIsNoBehaviour() {
        assertThat(HostileRoute.parse("/silence").name()).isEqualTo("/silence");
        assertThat(HostileRoute.parse("/trickle/ten/1/7").name()).isEqualTo("/trickle/ten/1/7");
        assertThat(HostileRoute.parse("/").params()).isEqualTo(List.of());
    }

    @Test
    void intParamsAreClamped() {
        HostileRoute route = HostileRoute.parse("/body-without-end/99999999999/-5/1");

        assertThat(route.intParam(0, 1, 1 << 30)).isEqualTo(1 << 30);
        assertThat(route.intParam(1, 1, 1 << 30)).isZero();
    }
}
