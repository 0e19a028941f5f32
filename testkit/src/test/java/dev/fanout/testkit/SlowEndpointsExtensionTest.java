package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Runs small test classes through the JUnit engine and checks what the extension did. */
class SlowEndpointsExtensionTest {

    static final List<SlowEndpoints> seen = new CopyOnWriteArrayList<>();
    static final List<Integer> countsAtStart = new CopyOnWriteArrayList<>();

    @BeforeEach
    void forgetEarlierRuns() {
        seen.clear();
        countsAtStart.clear();
    }

    @Test
    void staticExtensionSharesOneServerAcrossTheClassAndResetsItBetweenTests() {
        Events tests = run(PerClass.class);

        tests.assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(seen).hasSize(3);
        assertThat(seen.get(0)).isSameAs(seen.get(1)).isSameAs(seen.get(2));
        assertThat(countsAtStart).containsOnly(0);
        assertThat(seen.get(0).wireMock().isRunning()).isFalse();
    }

    @Test
    void instanceExtensionGivesEachTestItsOwnServerAndStopsIt() {
        Events tests = run(PerTest.class);

        tests.assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isNotSameAs(seen.get(1));
        assertThat(seen)
                .allSatisfy(server -> assertThat(server.wireMock().isRunning()).isFalse());
    }

    @Test
    void optionsReachTheServerAndResetCanBeTurnedOff() {
        Events tests = run(WithOptions.class);

        tests.assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(countsAtStart).containsExactly(0, 1);
    }

    @Test
    void nestedClassesShareTheOuterServer() {
        Events tests = run(WithNested.class);

        tests.assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isSameAs(seen.get(1));
        assertThat(seen.get(0).wireMock().isRunning()).isFalse();
    }

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(testClass))
                .execute()
                .testEvents();
    }

    private static void fetchOnce(SlowEndpoints server) throws Exception {
        countsAtStart.add(server.requestCount());
        seen.add(server);
        Http.http1(server).get(server.delayed(Duration.ofMillis(1)));
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerClass {
        @RegisterExtension
        static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

        @Test
        @Order(1)
        void first(SlowEndpoints server) throws Exception {
            fetchOnce(server);
        }

        @Test
        @Order(2)
        void second(SlowEndpoints server) throws Exception {
            fetchOnce(server);
        }

        @Test
        @Order(3)
        void third() throws Exception {
            fetchOnce(endpoints.server());
        }
    }

    static class PerTest {
        @RegisterExtension
        final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

        @Test
        void one(SlowEndpoints server) throws Exception {
            fetchOnce(server);
        }

        @Test
        void two() throws Exception {
            fetchOnce(endpoints.server());
        }
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class WithOptions {
        @RegisterExtension
        static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create(
                        SlowEndpoints.builder().https(false).http2(true))
                .resetBetweenTests(false);

        @Test
        @Order(1)
        void first(SlowEndpoints server) throws Exception {
            fetchOnce(server);
            assertThat(server.wireMock().getOptions().httpsSettings().enabled()).isFalse();
        }

        @Test
        @Order(2)
        void second(SlowEndpoints server) throws Exception {
            fetchOnce(server);
        }
    }

    static class WithNested {
        @RegisterExtension
        static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

        @Test
        void outer(SlowEndpoints server) throws Exception {
            fetchOnce(server);
        }

        @Nested
        class Inner {
            @Test
            void inner(SlowEndpoints server) throws Exception {
                fetchOnce(server);
            }
        }
    }
}
