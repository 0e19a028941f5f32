package dev.fanout.testkit.internal;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.store.BlobStore;
import com.github.tomakehurst.wiremock.store.DefaultStores;
import com.github.tomakehurst.wiremock.store.ObjectStore;
import com.github.tomakehurst.wiremock.store.RecorderStateStore;
import com.github.tomakehurst.wiremock.store.RequestJournalStore;
import com.github.tomakehurst.wiremock.store.ScenariosStore;
import com.github.tomakehurst.wiremock.store.SettingsStore;
import com.github.tomakehurst.wiremock.store.Stores;
import com.github.tomakehurst.wiremock.store.StubMappingStore;

/**
 * WireMock's default stores but for the request journal, a {@link BoundedRequestJournal}. The
 * defaults are made at their first use, from the files root the options have then, so that a
 * customizer that moves the root after these stores were set still moves it.
 *
 * <p>Thread-safe.
 */
public final class JournalStores implements Stores {

    private final WireMockConfiguration options;
    private final RequestJournalStore journal;
    private Stores defaults; // guarded by this

    /** @param capacity how many of the latest requests the journal keeps */
    public JournalStores(WireMockConfiguration options, int capacity) {
        this.options = options;
        this.journal = new BoundedRequestJournal(capacity);
    }

    private synchronized Stores defaults() {
        if (defaults == null) {
            defaults = new DefaultStores(options.filesRoot());
        }
        return defaults;
    }

    @Override
    public RequestJournalStore getRequestJournalStore() {
        return journal;
    }

    @Override
    public StubMappingStore getStubStore() {
        return defaults().getStubStore();
    }

    @Override
    public SettingsStore getSettingsStore() {
        return defaults().getSettingsStore();
    }

    @Override
    public ScenariosStore getScenariosStore() {
        return defaults().getScenariosStore();
    }

    @Override
    public RecorderStateStore getRecorderStateStore() {
        return defaults().getRecorderStateStore();
    }

    @Override
    public BlobStore getBlobStore(String name) {
        return defaults().getBlobStore(name);
    }

    @Override
    public ObjectStore getObjectStore(String name, PersistenceType persistenceType, int maxSize) {
        return defaults().getObjectStore(name, persistenceType, maxSize);
    }

    @Override
    public void start() {
        defaults().start();
    }

    @Override
    public void stop() {
        defaults().stop();
    }
}
