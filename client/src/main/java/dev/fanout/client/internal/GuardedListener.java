package dev.fanout.client.internal;

import dev.fanout.client.ErrorKind;
import dev.fanout.client.EventListener;
import dev.fanout.client.HttpVersion;
import dev.fanout.client.Request;
import dev.fanout.client.Result;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's {@link EventListener} that cannot hurt the client: what one of its methods throws is
 * logged and dropped, and the request goes on. Made only when the user gave a listener, so a
 * client without one pays nothing for it.
 */
final class GuardedListener implements EventListener {

    private static final Logger LOG = LoggerFactory.getLogger(EventListener.class);

    private final EventListener user;

    private GuardedListener(EventListener user) {
        this.user = user;
    }

    /** Returns {@code factory}'s listener for {@code request}, guarded; NONE if it gives none or throws. */
    static EventListener of(EventListener.Factory factory, Request request) {
        EventListener made;
        try {
            made = factory.create(request);
        } catch (RuntimeException e) {
            LOG.warn("EventListener.Factory.create failed; no events for this request", e);
            return NONE;
        }
        return made == null || made == NONE ? NONE : new GuardedListener(made);
    }

    private static void failed(String event, RuntimeException e) {
        LOG.warn("EventListener.{} failed; ignored", event, e);
    }

    @Override
    public void callStart(Request request) {
        try {
            user.callStart(request);
        } catch (RuntimeException e) {
            failed("callStart", e);
        }
    }

    @Override
    public EventListener attemptStart(Request request, int attempt, String url) {
        EventListener made;
        try {
            made = user.attemptStart(request, attempt, url);
        } catch (RuntimeException e) {
            failed("attemptStart", e);
            return this;
        }
        if (made == user) {
            return this;
        }
        return made == null || made == NONE ? NONE : new GuardedListener(made);
    }

    @Override
    public void attemptFailed(Request request, int attempt, ErrorKind kind, String detail) {
        try {
            user.attemptFailed(request, attempt, kind, detail);
        } catch (RuntimeException e) {
            failed("attemptFailed", e);
        }
    }

    @Override
    public void attemptCancelled(Request request, int attempt) {
        try {
            user.attemptCancelled(request, attempt);
        } catch (RuntimeException e) {
            failed("attemptCancelled", e);
        }
    }

    @Override
    public void replay(Request request, int attempt, String reason) {
        try {
            user.replay(request, attempt, reason);
        } catch (RuntimeException e) {
            failed("replay", e);
        }
    }

    @Override
    public void queueStart(Request request) {
        try {
            user.queueStart(request);
        } catch (RuntimeException e) {
            failed("queueStart", e);
        }
    }

    @Override
    public void queueEnd(Request request) {
        try {
            user.queueEnd(request);
        } catch (RuntimeException e) {
            failed("queueEnd", e);
        }
    }

    @Override
    public void dnsStart(Request request, String host) {
        try {
            user.dnsStart(request, host);
        } catch (RuntimeException e) {
            failed("dnsStart", e);
        }
    }

    @Override
    public void dnsEnd(Request request) {
        try {
            user.dnsEnd(request);
        } catch (RuntimeException e) {
            failed("dnsEnd", e);
        }
    }

    @Override
    public void connectStart(Request request, InetSocketAddress address) {
        try {
            user.connectStart(request, address);
        } catch (RuntimeException e) {
            failed("connectStart", e);
        }
    }

    @Override
    public void connectEnd(Request request) {
        try {
            user.connectEnd(request);
        } catch (RuntimeException e) {
            failed("connectEnd", e);
        }
    }

    @Override
    public void tlsStart(Request request) {
        try {
            user.tlsStart(request);
        } catch (RuntimeException e) {
            failed("tlsStart", e);
        }
    }

    @Override
    public void tlsEnd(Request request) {
        try {
            user.tlsEnd(request);
        } catch (RuntimeException e) {
            failed("tlsEnd", e);
        }
    }

    @Override
    public void connectFailed(Request request, ErrorKind kind, String detail) {
        try {
            user.connectFailed(request, kind, detail);
        } catch (RuntimeException e) {
            failed("connectFailed", e);
        }
    }

    @Override
    public void connectionAcquired(Request request, HttpVersion version, boolean reused) {
        try {
            user.connectionAcquired(request, version, reused);
        } catch (RuntimeException e) {
            failed("connectionAcquired", e);
        }
    }

    @Override
    public void requestHeaders(Request request, BiConsumer<String, String> headers) {
        try {
            user.requestHeaders(request, headers);
        } catch (RuntimeException e) {
            failed("requestHeaders", e);
        }
    }

    @Override
    public void requestSent(Request request) {
        try {
            user.requestSent(request);
        } catch (RuntimeException e) {
            failed("requestSent", e);
        }
    }

    @Override
    public void responseHeaders(Request request, int status) {
        try {
            user.responseHeaders(request, status);
        } catch (RuntimeException e) {
            failed("responseHeaders", e);
        }
    }

    @Override
    public void responseEnd(Request request, long bodyBytes) {
        try {
            user.responseEnd(request, bodyBytes);
        } catch (RuntimeException e) {
            failed("responseEnd", e);
        }
    }

    @Override
    public void retry(Request request, int attempt, Duration delay, String reason) {
        try {
            user.retry(request, attempt, delay, reason);
        } catch (RuntimeException e) {
            failed("retry", e);
        }
    }

    @Override
    public void hedge(Request request) {
        try {
            user.hedge(request);
        } catch (RuntimeException e) {
            failed("hedge", e);
        }
    }

    @Override
    public void callEnd(Result result) {
        try {
            user.callEnd(result);
        } catch (RuntimeException e) {
            failed("callEnd", e);
        }
    }
}
