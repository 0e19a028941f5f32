package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A batch's hedging delay is the p-quantile of its latencies counting the unanswered as the
 * slowest: unknown until p of the started requests (and at least 20) have answered, then the
 * k-th fastest answer, told once to the requests that waited for it.
 */
class BatchLatenciesTest {

    @Test
    void theDelayIsKnownOnceTheFastestPOfTheBatchHaveAnswered() {
        BatchLatencies batch = new BatchLatencies(0.9);
        for (int i = 0; i < 40; i++) {
            batch.started();
        }
        List<Long> told = new ArrayList<>();
        batch.whenKnown(told::add);
        // Answers out of order: 35 of them, the k = ceil(0.9 × 40) = 36th is still out.
        for (int i = 35; i >= 1; i--) {
            batch.answered(i * 10L);
        }
        assertThat(batch.delay()).isEqualTo(-1);
        assertThat(told).isEmpty();
        batch.answered(1000);
        assertThat(batch.delay()).as("the 36th fastest of 40").isEqualTo(1000);
        assertThat(told).containsExactly(1000L);
        // A later, faster answer moves the 36th fastest down; those who waited were told once.
        batch.answered(5);
        assertThat(batch.delay()).isEqualTo(350);
        assertThat(told).containsExactly(1000L);
        List<Long> late = new ArrayList<>();
        batch.whenKnown(late::add);
        assertThat(late).containsExactly(350L);
    }

    @Test
    void aSmallBatchIsNotJudgedByAFewAnswers() {
        BatchLatencies batch = new BatchLatencies(0.5);
        for (int i = 0; i < 10; i++) {
            batch.started();
            batch.answered(i);
        }
        assertThat(batch.delay())
                .as("10 answers: fewer than %d", BatchLatencies.MIN_ANSWERS)
                .isEqualTo(-1);
        for (int i = 10; i < BatchLatencies.MIN_ANSWERS; i++) {
            batch.started();
            batch.answered(i);
        }
        assertThat(batch.delay()).as("the 10th fastest of 20").isEqualTo(9);
    }
}
