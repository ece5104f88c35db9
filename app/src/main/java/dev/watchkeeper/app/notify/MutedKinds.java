package dev.watchkeeper.app.notify;

import dev.watchkeeper.app.prefs.UiPrefs;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;
import javafx.collections.SetChangeListener;

import java.util.TreeSet;

/** The notification kinds the user muted, remembered in the preferences; FX thread only. */
public final class MutedKinds {

    private final ObservableSet<String> kinds = FXCollections.observableSet(new TreeSet<>());

    public MutedKinds(UiPrefs prefs) {
        kinds.addAll(prefs.mutedNotifications());
        kinds.addListener((SetChangeListener<String>) c -> prefs.setMutedNotifications(kinds));
    }

    public boolean contains(String kind) {
        return kinds.contains(kind);
    }

    public void mute(String kind) {
        kinds.add(kind);
    }

    public void unmute(String kind) {
        kinds.remove(kind);
    }

    /** Live, sorted by name. */
    public ObservableSet<String> kinds() {
        return kinds;
    }
}
