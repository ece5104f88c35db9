package dev.watchkeeper.app.status;

import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.time.Instant;
import java.util.EnumMap;

/** The connection state of every source, as the status bar shows it. FX thread only. */
public final class SourceStatusViewModel {

    private final ObservableMap<Source, SourceStatus> statuses = FXCollections.observableMap(new EnumMap<>(Source.class));
    private final ObservableList<String> securityWarnings = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Instant> now = new ReadOnlyObjectWrapper<>(this, "now", Instant.now());

    public SourceStatusViewModel(Instant start) {
        for (Source s : Source.values()) {
            statuses.put(s, SourceStatus.notConfigured(s, start));
        }
    }

    public ObservableMap<Source, SourceStatus> statuses() {
        return statuses;
    }

    /** What in the connection exposes traffic or secrets (e.g. plaintext to a remote host), one sentence each. */
    public ObservableList<String> securityWarnings() {
        return securityWarnings;
    }

    public void update(SourceStatus status) {
        statuses.put(status.source(), status);
    }

    /** Ticks the clock that ages are measured against (once a second). */
    public void tick(Instant at) {
        now.set(at);
    }

    public ReadOnlyObjectProperty<Instant> nowProperty() {
        return now.getReadOnlyProperty();
    }

    /** True when a configured source's data is older than {@code maxAgeSeconds} or it is not connected. */
    public boolean isStale(Source source, long maxAgeSeconds) {
        SourceStatus s = statuses.get(source);
        if (s.state() == ConnectionState.NOT_CONFIGURED) {
            return false;
        }
        if (s.state() != ConnectionState.CONNECTED || s.lastConfirmed() == null) {
            return true;
        }
        return now.get().getEpochSecond() - s.lastConfirmed().getEpochSecond() > maxAgeSeconds;
    }
}
