package example.internals;

import dev.fanout.loop.Loop;

/** Would reach the Netty event loop through Loop.netty(), which only fanout's client may use. */
public class ThroughTheLoop {
    Object eventLoop(Loop loop) {
        var netty = loop.netty();
        return netty.eventLoop();
    }
}
