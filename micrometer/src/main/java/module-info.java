/**
 * fanout's Micrometer meters: {@link dev.fanout.micrometer.FanoutMetrics} is a client's event
 * listener factory that times and counts its requests, and binds gauges of its connections and
 * its loop. Micrometer's core is an automatic module ({@code micrometer.core}); it is required
 * transitively all the same, since the API names its {@code MeterRegistry}.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.fanout.micrometer {
    requires transitive dev.fanout.client;
    requires transitive micrometer.core;

    exports dev.fanout.micrometer;
}
