package example.internals;

// The loop's internals are exported to fanout's client only.
import dev.fanout.loop.internal.NettyLoop;

/** Would hold the Netty parts of a loop. */
public class LoopInternals {
    NettyLoop netty;
}
