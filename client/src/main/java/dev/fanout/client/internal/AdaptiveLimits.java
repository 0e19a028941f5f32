package dev.fanout.client.internal;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The adaptive concurrency limits of the origins that have one ({@link AdaptiveLimit}): each
 * starts at the limit the client's options give the origin and moves with what its attempts
 * report ({@link OriginFeedback}); the dispatcher asks {@link #cap} for an origin's limit, and
 * is told through {@code changed} when one moves. The current limits are published for other
 * threads ({@link #current}). The limits of the {@link #MAX_ORIGINS} origins used last are
 * kept (a crawl over a million hosts must not keep a million); an origin forgotten starts again
 * at its configured limit. Loop-confined but for {@link #current}.
 */
final class AdaptiveLimits implements OriginFeedback {

    private final boolean everyOrigin;
    private final Set<Origin> origins;
    private final ToIntFunction<Origin> inFlight;
    /** How many origins' limits are kept, the least recently used forgotten first. */
    static final int MAX_ORIGINS = 10_000;

    private final Map<Origin, AdaptiveLimit> limits = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Origin, AdaptiveLimit> eldest) {
            if (size() <= MAX_ORIGINS) {
                return false;
            }
            published.remove(eldest.getKey());
            return true;
        }
    };
    private final Map<Origin, Integer> published = new ConcurrentHashMap<>();
    private Consumer<Origin> changed = origin -> {};

    /**
     * Creates the limits of {@code origins} (URLs that name them), or of every origin when
     * {@code everyOrigin}; {@code inFlight} tells how many requests to an origin hold a slot.
     */
    AdaptiveLimits(boolean everyOrigin, List<String> origins, ToIntFunction<Origin> inFlight) {
        this.everyOrigin = everyOrigin;
        Set<Origin> parsed = new HashSet<>();
        for (String url : origins) {
            parsed.add(Target.parse(url).origin());
        }
        this.origins = Set.copyOf(parsed);
        this.inFlight = inFlight;
    }

    /** Returns true when no origin has an adaptive limit. */
    boolean none() {
        return !everyOrigin && origins.isEmpty();
    }

    /** Sets who is told that an origin's limit moved (the dispatcher's owner). */
    void whenChanged(Consumer<Origin> changed) {
        this.changed = changed;
    }

    /**
     * Returns the limit of requests at once to {@code origin}: {@code configured} (what the
     * client's options allow it) for an origin without an adaptive limit, else its adaptive limit
     * under that.
     */
    int cap(Origin origin, int configured) {
        if (!adaptive(origin)) {
            return configured;
        }
        AdaptiveLimit limit = limits.get(origin);
        if (limit == null) {
            limit = new AdaptiveLimit(configured);
            limits.put(origin, limit);
        } else {
            limit.max(configured);
        }
        published.put(origin, limit.limit());
        return limit.limit();
    }

    /** Returns {@code origin}'s current adaptive limit, or -1 when it has none yet; from any thread. */
    int current(Origin origin) {
        return published.getOrDefault(origin, -1);
    }

    @Override
    public int inFlight(Origin origin) {
        return limits.containsKey(origin) ? inFlight.applyAsInt(origin) : 0;
    }

    @Override
    public void answered(Origin origin, ResponseData response, long sentAt, int inFlightThen, long headAt) {
        AdaptiveLimit limit = limits.get(origin);
        if (limit != null
                && limit.answered(response.status(), sentAt, headAt, inFlightThen, inFlight.applyAsInt(origin))) {
            moved(origin, limit);
        }
    }

    @Override
    public void unanswered(Origin origin, long sentAt, int inFlightThen, long now) {
        AdaptiveLimit limit = limits.get(origin);
        if (limit != null && limit.unanswered(sentAt, now, inFlightThen)) {
            moved(origin, limit);
        }
    }

    private void moved(Origin origin, AdaptiveLimit limit) {
        published.put(origin, limit.limit());
        changed.accept(origin);
    }

    private boolean adaptive(Origin origin) {
        return everyOrigin || origins.contains(origin);
    }
}
