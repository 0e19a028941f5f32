package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.Loop;
import dev.fanout.loop.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's set of live calls: what it holds after calls come and go, in any order. */
class LiveCallsTest {

    private final Loop loop =
            Loop.builder().name("live-calls-test-loop").clock(new ManualClock()).start();
    private final LiveCalls live = new LiveCalls();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void holdsEveryCallAddedAndNotRemovedWhateverTheOrder() {
        List<Call> calls = calls(40); // past the first array's 16, so that it grows
        calls.forEach(live::add);
        for (int i = 0; i < calls.size(); i += 3) { // the first, the middle and the last places among them
            live.remove(calls.get(i));
        }
        List<Call> left = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            if (i % 3 != 0) {
                left.add(calls.get(i));
            }
        }

        assertThat(live.size()).isEqualTo(left.size());
        assertThat(live.snapshot()).containsExactlyInAnyOrderElementsOf(left);
    }

    @Test
    void addingACallTwiceOrRemovingOneNotThereChangesNothing() {
        List<Call> calls = calls(3);
        live.add(calls.get(0));
        live.add(calls.get(1));
        live.add(calls.get(0));
        live.remove(calls.get(2)); // never added
        live.remove(calls.get(1));
        live.remove(calls.get(1)); // removed already

        assertThat(live.size()).isEqualTo(1);
        assertThat(live.snapshot()).containsExactly(calls.get(0));
    }

    @Test
    void aRemovedCallCanComeBack() {
        List<Call> calls = calls(2);
        calls.forEach(live::add);
        live.remove(calls.get(0));
        live.add(calls.get(0));

        assertThat(live.snapshot()).containsExactlyInAnyOrderElementsOf(calls);
    }

    private List<Call> calls(int n) {
        ExchangeSpec spec = new ExchangeSpec(Target.parse("http://api.example/a"), "GET", List.of(), null, 1_000_000);
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(new Call(new IdleOwner(), loop, new ScriptedStep(), i, spec, call -> {}));
        }
        return calls;
    }

    /** An owner that is never asked anything here: the calls are never started. */
    private static final class IdleOwner implements Call.Owner {
        @Override
        public void readmit(Call call, Origin from) {}

        @Override
        public void pause(Call call, Origin from) {}

        @Override
        public void resume(Call call) {}

        @Override
        public void ended(Call call, boolean hadSlot, boolean wasQueued) {}
    }
}
