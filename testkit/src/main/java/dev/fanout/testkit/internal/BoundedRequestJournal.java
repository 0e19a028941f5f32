package dev.fanout.testkit.internal;

import com.github.tomakehurst.wiremock.store.RequestJournalStore;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.stream.Stream;

/**
 * WireMock's request journal, keeping the latest {@code capacity} requests at a constant cost
 * per request. WireMock's own bound (its {@code maxRequestJournalEntries}) counts the whole
 * journal, a stream over every entry, at each request it receives, and its in-memory store finds
 * the entry a finished request updates by a scan of the journal: at 1,000 requests held at once
 * and 10,000 kept, that was most of a batch's time on the server (bench/README.md). Here the
 * journal is bounded as each request is added, by its map's size, and an update looks its entry
 * up by id.
 *
 * <p>The same structures as WireMock's {@code InMemoryRequestJournalStore}: ids newest first in a
 * deque, events by id in a map. Thread-safe: Jetty's threads add and update concurrently; the
 * bound may be passed by the requests being added at that moment, never for longer.
 */
public final class BoundedRequestJournal implements RequestJournalStore {

    private final int capacity;
    private final Deque<UUID> ids = new ConcurrentLinkedDeque<>();
    private final Map<UUID, ServeEvent> events = new ConcurrentHashMap<>();

    /** @param capacity how many of the latest requests to keep (at least 1) */
    public BoundedRequestJournal(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
        }
        this.capacity = capacity;
    }

    @Override
    public void add(ServeEvent event) {
        events.put(event.getId(), event);
        ids.addFirst(event.getId());
        while (events.size() > capacity) {
            if (!dropOldest()) {
                return; // another thread emptied the journal meanwhile
            }
        }
    }

    @Override
    public void removeLast() {
        dropOldest();
    }

    private boolean dropOldest() {
        UUID oldest = ids.pollLast();
        if (oldest == null) {
            return false;
        }
        events.remove(oldest);
        return true;
    }

    @Override
    public Stream<ServeEvent> getAll() {
        return ids.stream().map(events::get).filter(Objects::nonNull);
    }

    @Override
    public Stream<UUID> getAllKeys() {
        return getAll().map(ServeEvent::getId);
    }

    @Override
    public Optional<ServeEvent> get(UUID id) {
        return Optional.ofNullable(events.get(id));
    }

    /** Updates a request still in the journal (WireMock's update once it is answered); else nothing. */
    @Override
    public void put(UUID id, ServeEvent event) {
        events.replace(id, event);
    }

    @Override
    public void remove(UUID id) {
        ids.remove(id);
        events.remove(id);
    }

    @Override
    public void clear() {
        ids.clear();
        events.clear();
    }
}
