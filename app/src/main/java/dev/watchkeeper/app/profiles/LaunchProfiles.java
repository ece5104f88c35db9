package dev.watchkeeper.app.profiles;

import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.profile.ProfileStore;

import java.nio.file.Path;
import java.util.stream.Collectors;

/** Where the console's profiles come from: the user's store, or a directory named by a system property (tests, portable setups). */
public final class LaunchProfiles {

    /** System property naming the directory of profiles.json instead of the user's config directory. */
    public static final String DIR_PROPERTY = "watchkeeper.profiles.dir";

    private LaunchProfiles() {
    }

    public static ProfileStore store() {
        String dir = System.getProperty(DIR_PROPERTY);
        return dir == null || dir.isBlank() ? ProfileStore.forUser() : new ProfileStore(Path.of(dir));
    }

    /**
     * The saved profile called {@code name}.
     *
     * @throws IllegalArgumentException naming the file and the known profiles when there is none
     */
    public static ConnectionProfile named(ProfileStore store, String name) {
        ProfileStore.Loaded loaded = store.load();
        ConnectionProfile p = loaded.byName(name);
        if (p == null) {
            throw new IllegalArgumentException("no connection profile named '" + name + "' in " + store.file() + "; known profiles: "
                    + loaded.profiles().stream().map(c -> "'" + c.name() + "'").collect(Collectors.joining(", ")));
        }
        return p;
    }

    /** {@code p}, read-only when {@code readOnly} (a profile that is already read-only stays so). */
    public static ConnectionProfile readOnly(ConnectionProfile p, boolean readOnly) {
        if (!readOnly || p.readOnly()) {
            return p;
        }
        return new ConnectionProfile(p.name(), p.coordinator(), p.blockStreamer(), p.runner(), p.redis(), p.healthPollInterval(), true,
                p.storeSecrets(), p.observability(), p.history());
    }

    /** {@code p} with its coordinator calls under {@code deadline} (--deadline); {@code p} itself when null. */
    public static ConnectionProfile withDeadline(ConnectionProfile p, java.time.Duration deadline) {
        if (deadline == null) {
            return p;
        }
        return new ConnectionProfile(p.name(), p.coordinator().withDeadline(deadline), p.blockStreamer(), p.runner(), p.redis(),
                p.healthPollInterval(), p.readOnly(), p.storeSecrets(), p.observability(), p.history());
    }

    /** How the switcher lists {@code p}. */
    public static ProfileChoice choice(ConnectionProfile p) {
        return new ProfileChoice(p.name(), "coordinator " + p.coordinator().target() + ", Redis " + p.redis().redactedUri(), p.readOnly(),
                p.securityWarnings());
    }
}
