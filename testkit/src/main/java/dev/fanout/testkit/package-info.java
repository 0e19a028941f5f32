/**
 * Slow and faulty HTTP endpoints for testing fan-out code, on an embedded WireMock server.
 *
 * <p>{@link dev.fanout.testkit.SlowEndpoints} starts the server and makes URLs: delayed,
 * randomly delayed, slow bodies, statuses, JSON, faults, flaky and never-answering ones. It
 * counts what the server received and how many requests it held at once. An
 * {@link dev.fanout.testkit.Answer} gives a stub of the test's own API, registered with
 * {@link dev.fanout.testkit.SlowEndpoints#stub}, the same delays, slow bodies and faults.
 * {@link dev.fanout.testkit.SlowEndpointsExtension} runs one for a JUnit 5 test class or test,
 * on the JUnit (5.10 or newer, or 6) of the project that uses it: the testkit brings none, and
 * no other type here loads a JUnit class. {@link dev.fanout.testkit.HostileServer} is another
 * server, on raw bytes rather than WireMock: each of its URLs misbehaves one way (broken heads,
 * lying lengths, bodies cut or without end, a gzip bomb, connections closed under the client,
 * and over h2c a GOAWAY, a RST_STREAM, a stalled stream). The testkit works with any HTTP
 * client; it does not depend on fanout's.
 *
 * <p><b>Threads.</b> The server answers on its own threads: Jetty's request threads match
 * and schedule, a pool of response threads sends delayed responses when they are due (no
 * thread sleeps through a delay, except between the chunks of a slow body). Every public
 * type here is safe to use from any thread, while requests are being served: counts and
 * the peak are read from thread-safe records, and URL factories share nothing but an atomic
 * sequence number. Counts read while requests are still arriving are a snapshot; read them
 * after the client has its answers. Builders are the exception: configure one on one thread.
 * {@code HostileServer} serves every connection on one Netty event-loop thread of its own
 * (named {@code fanout-hostile-server-...}), and never blocks it: trickles and idle closes are
 * scheduled, large bodies are written as fast as the client reads; its URL factories and
 * counts may be called from any thread.
 */
package dev.fanout.testkit;
