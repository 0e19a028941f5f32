/**
 * OpenTelemetry tracing for fanout: {@link dev.fanout.opentelemetry.FanoutTracing} gives each
 * request a CLIENT span and sends its W3C trace context.
 *
 * <p>Reads the OpenTelemetry API only ({@code io.opentelemetry.api}, {@code io.opentelemetry.context},
 * automatic modules named by their jars' {@code Automatic-Module-Name}); the application brings
 * the SDK or the Java agent. A module that requires this one reads fanout's client and the
 * OpenTelemetry API through it, since {@code FanoutTracing}'s methods name their types.
 */
module dev.fanout.opentelemetry {
    requires transitive dev.fanout.client;
    requires transitive io.opentelemetry.api;
    requires transitive io.opentelemetry.context;

    exports dev.fanout.opentelemetry;
}
