/**
 * fanout's client: {@link dev.fanout.client.FanoutClient} starts every request of a batch at
 * once on one loop thread, then awaits them all.
 *
 * <p>Exports {@code dev.fanout.client} only; {@code dev.fanout.client.internal} is not API and
 * no other module can name its types. A module that requires this one reads fanout's loop
 * ({@code Builder.loop(Loop)}) and Jackson's databind ({@code Response.json},
 * {@code Builder.objectMapper}) too, since the API names their types; Netty stays out of the
 * API and is not re-exported.
 *
 * <p>Jackson reads and writes the user's own types by reflection: a modular user opens the
 * packages of its JSON types to {@code com.fasterxml.jackson.databind}, as for any use of
 * Jackson (for example {@code opens com.example.users to com.fasterxml.jackson.databind;}).
 */
module dev.fanout.client {
    requires transitive com.fasterxml.jackson.databind;
    requires transitive dev.fanout.loop;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.codec.http2;
    // Read at run time by netty-codec-http's decompressor, which requires it only statically:
    // without this, a gzip or deflate response fails on the module path.
    requires io.netty.codec.compression;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.handler.proxy;
    requires io.netty.resolver;
    requires io.netty.resolver.dns;
    requires io.netty.transport;
    requires org.slf4j;

    exports dev.fanout.client;
}
