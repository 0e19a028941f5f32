/** A modular user that reaches for packages fanout does not export to it. */
module example.internals {
    requires dev.fanout.client;
}
