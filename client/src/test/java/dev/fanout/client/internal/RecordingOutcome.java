package dev.fanout.client.internal;

import java.util.ArrayList;
import java.util.List;

/** An {@link Outcome} that records what a step reports, in order; confined to one thread. */
final class RecordingOutcome implements Outcome {

    private final List<Object> reports = new ArrayList<>();

    @Override
    public void response(ResponseData response) {
        reports.add(response);
    }

    @Override
    public void failure(Failure failure) {
        reports.add(failure);
    }

    /** Returns every report, responses as {@link ResponseData} and failures as {@link Outcome.Failure}, in order. */
    List<Object> reports() {
        return reports;
    }
}
