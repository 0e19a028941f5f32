package dev.fanout.client.internal;

import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * Turns host names into addresses without ever blocking the loop.
 *
 * <ul>
 *   <li>IP literals need no lookup.</li>
 *   <li>{@code localhost} and {@code *.localhost} are the loopback address, and names in
 *       {@code .invalid} never resolve (RFC 6761 §6.3, §6.4): answered at once, with no DNS
 *       server, reachable or not.</li>
 *   <li>Everything else goes to Netty's non-blocking {@link DnsNameResolver} on the client's
 *       loop: {@code /etc/hosts} first, then the name servers of {@code /etc/resolv.conf}, with a
 *       cache that honours each record's TTL. Each query gives up after the query timeout (the
 *       client's connect timeout), so an unreachable name server ends as {@code DNS}.</li>
 * </ul>
 *
 * <p>The DNS resolver (and its UDP socket) is made on first use. Loop-confined: callbacks run
 * on the loop thread.
 */
final class AddressResolver {

    private final EventLoop eventLoop;
    private final Class<? extends DatagramChannel> datagramType;
    private final long queryTimeoutMillis;
    private final List<InetSocketAddress> servers;
    private DnsNameResolver dns;
    private boolean closed;

    AddressResolver(
            EventLoop eventLoop,
            Class<? extends DatagramChannel> datagramType,
            long queryTimeoutMillis,
            List<InetSocketAddress> servers) {
        this.servers = servers;
        this.eventLoop = eventLoop;
        this.datagramType = datagramType;
        this.queryTimeoutMillis = queryTimeoutMillis;
    }

    /** Resolves {@code host}; {@code callback} gets the address or the failure, on the loop thread. */
    void resolve(String host, BiConsumer<InetAddress, Throwable> callback) {
        InetAddress literal = literalOrSpecial(host);
        if (literal != null) {
            callback.accept(literal, null);
            return;
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.equals("invalid") || lower.endsWith(".invalid") || lower.endsWith(".invalid.")) {
            callback.accept(null, new UnknownHostException(host + ": names in .invalid never resolve (RFC 6761)"));
            return;
        }
        if (closed) {
            callback.accept(null, new UnknownHostException(host + ": resolver closed"));
            return;
        }
        dns().resolve(host).addListener((Future<InetAddress> f) -> {
            if (f.isSuccess()) {
                callback.accept(f.getNow(), null);
            } else {
                callback.accept(null, f.cause());
            }
        });
    }

    /** Closes the DNS resolver, if one was made. */
    void close() {
        closed = true;
        if (dns != null) {
            dns.close();
            dns = null;
        }
    }

    private static InetAddress literalOrSpecial(String host) {
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(host);
        try {
            if (ip != null) {
                return InetAddress.getByAddress(host, ip);
            }
            String lower = host.toLowerCase(Locale.ROOT);
            if (lower.equals("localhost") || lower.endsWith(".localhost")) {
                return InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1});
            }
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
        return null;
    }

    private DnsNameResolver dns() {
        if (dns == null) {
            DnsNameResolverBuilder builder = new DnsNameResolverBuilder(eventLoop);
            if (!servers.isEmpty()) {
                builder.nameServerProvider(new SequentialDnsServerAddressStreamProvider(servers));
            }
            dns = builder.datagramChannelType(datagramType)
                    .resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED)
                    .completeOncePreferredResolved(true)
                    .queryTimeoutMillis(queryTimeoutMillis)
                    .maxQueriesPerResolve(4)
                    .build();
        }
        return dns;
    }
}
