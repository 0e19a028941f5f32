package dev.fanout.loop;

import java.time.Duration;

/**
 * A snapshot of what a {@link Loop} has run, taken by {@link Loop#stats()}.
 *
 * <p>Counts cover the tasks and timers offered through {@code Loop} ({@code execute},
 * {@code submit}, {@code schedule}, {@code runNow}); the Netty channel events that the client
 * handles on the same thread are not counted one by one.
 *
 * @param tasksRun tasks and timers run so far
 * @param slowTasks how many of them held the loop longer than the slow-task threshold
 * @param longestTask the longest any one of them held the loop
 * @param pendingTasks tasks queued and not yet started, at the moment of the snapshot
 */
public record LoopStats(long tasksRun, long slowTasks, Duration longestTask, int pendingTasks) {}
