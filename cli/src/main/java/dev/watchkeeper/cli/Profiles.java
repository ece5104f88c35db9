package dev.watchkeeper.cli;

import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.profile.ProfileStore;

import java.nio.file.Path;

/**
 * Finds a named profile in the connection profiles the console uses ({@code profiles.json}, see
 * {@link ProfileStore}), with ${ENV} references expanded. The system property
 * {@code watchkeeper.config.dir} points at another directory (tests).
 */
final class Profiles {

    static final String CONFIG_DIR_PROPERTY = "watchkeeper.config.dir";

    private Profiles() {
    }

    static ConnectionProfile load(String name) {
        return load(name, problem -> {
        });
    }

    /**
     * The history setting of profile {@code name}, or null when there is no such profile (the store is
     * then the default one for that name): history commands work for a profile that was deleted.
     */
    static dev.watchkeeper.connectors.profile.HistorySettings historyOf(String name) {
        String dir = System.getProperty(CONFIG_DIR_PROPERTY);
        ProfileStore store = dir == null || dir.isBlank() ? ProfileStore.forUser() : new ProfileStore(Path.of(dir));
        return store.load().profiles().stream().filter(x -> x.name().equals(name)).findFirst()
                .map(ConnectionProfile::history).orElse(null);
    }

    /** As {@link #load(String)}; {@code warn} hears what loading found wrong elsewhere in the file (e.g. secrets others can read). */
    static ConnectionProfile load(String name, java.util.function.Consumer<String> warn) {
        String dir = System.getProperty(CONFIG_DIR_PROPERTY);
        ProfileStore store = dir == null || dir.isBlank() ? ProfileStore.forUser() : new ProfileStore(Path.of(dir));
        ProfileStore.Loaded loaded = store.load();
        ConnectionProfile p = loaded.profiles().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
        if (p == null) {
            String problems = loaded.problems().isEmpty() ? "" : " (" + String.join("; ", loaded.problems()) + ")";
            throw CliFailure.usage("no profile '" + name + "' in " + store.file() + problems);
        }
        loaded.problems().forEach(warn);
        try {
            return p.resolve(System::getenv);
        } catch (RuntimeException e) {
            throw CliFailure.usage(e.getMessage());
        }
    }
}
