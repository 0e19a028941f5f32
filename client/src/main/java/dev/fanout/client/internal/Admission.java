package dev.fanout.client.internal;

/**
 * A batch's requests waiting to be admitted ({@link Engine#admit}): handed to the engine in
 * order, admitted in loop tasks of a bounded size. Loop-confined.
 */
@FunctionalInterface
interface Admission {

    /**
     * Admits the next requests, in input order, while {@code budget} has room; returns true once
     * every request is admitted.
     */
    boolean admitSome(TaskBudget budget);
}
