/** A user's own application, modular: it needs fanout's client and nothing of fanout's inside. */
module example.modular {
    requires dev.fanout.client;
    requires jdk.httpserver;

    // Jackson builds User records by reflection, as it does for every Jackson user.
    opens example.modular to
            com.fasterxml.jackson.databind;
}
