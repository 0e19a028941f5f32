package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Memo}: nothing is made until asked for, and it is made once, whichever threads ask. */
class MemoTest {

    @Test
    void nothingIsMadeUntilAskedThenOnceForEveryThread() throws Exception {
        AtomicInteger made = new AtomicInteger();
        Memo<Object> memo = Memo.of(() -> {
            made.incrementAndGet();
            return new Object();
        });
        assertThat(made).hasValue(0);

        CountDownLatch go = new CountDownLatch(1);
        List<Object> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                seen.add(memo.get());
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }

        assertThat(made).hasValue(1);
        assertThat(seen).hasSize(8).allSatisfy(o -> assertThat(o).isSameAs(seen.get(0)));
    }

    @Test
    void aGivenValueIsItself() {
        Object given = new Object();
        assertThat(Memo.ofValue(given).get()).isSameAs(given);
    }
}
