/**
 * The {@code fanout} command: {@code fanout demo} on embedded slow endpoints, and
 * {@code fanout URL...} / {@code fanout -f FILE} for real URLs.
 *
 * <p>Built on the public API of {@code dev.fanout.client} only, as OkHttp's okcurl is built on
 * OkHttp's. Everything here is package-private except {@link dev.fanout.cli.Main}.
 *
 * <h2>Threading</h2>
 * The command runs on the caller's thread. The client's one loop thread calls the batch's
 * {@code onResult} listener; the command's listener only bumps two counters of the
 * {@link dev.fanout.cli.ProgressBar} (atomics) and never blocks or prints. Everything that
 * prints — progress, table, waterfall, summary, JSON lines — runs on the caller's thread, which
 * waits for the batch in short slices and repaints the progress bar between them.
 */
package dev.fanout.cli;
