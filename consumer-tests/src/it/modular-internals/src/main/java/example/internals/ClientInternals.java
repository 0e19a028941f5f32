package example.internals;

// The client's internals are exported to no module.
import dev.fanout.client.internal.*;

/** Would use the client's internals. */
public class ClientInternals {}
