/**
 * The testkit's implementation: not an API, may change in any release.
 *
 * <p><b>Threads.</b> {@link dev.fanout.testkit.internal.ShapeTransformer} and
 * {@link dev.fanout.testkit.internal.CountingListener} run on Jetty's request threads, many at
 * once; {@link dev.fanout.testkit.internal.InFlightProbe} is written by them and read by test
 * threads, so it is thread-safe. {@link dev.fanout.testkit.internal.ConnectionCounter} is told
 * of connections on Jetty's selector and request threads and read by test threads, so it is
 * thread-safe too. The hostile server's connection handlers ({@code ProtocolDetector},
 * {@code Http1Connection}, {@code H2Connection}, and the {@code GzipBomb} a connection sends)
 * are confined to its one event loop; {@link dev.fanout.testkit.internal.HostileCounts} is
 * written there and read by tests, so it is thread-safe. {@link
 * dev.fanout.testkit.internal.TestCertificates} makes each certificate once per JVM, for any
 * thread, under its class's lock. The other classes are stateless.
 */
package dev.fanout.testkit.internal;
