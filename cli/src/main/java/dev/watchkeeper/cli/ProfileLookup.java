package dev.watchkeeper.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Reads a named connection profile: {@code <config dir>/profiles/NAME.properties} with the keys
 * {@code coordinator}, {@code redis} and {@code read-only}. The config dir is the system property
 * {@code watchkeeper.config.dir}, else {@code $WATCHKEEPER_CONFIG_DIR}, else
 * {@code $XDG_CONFIG_HOME/watchkeeper}, else {@code ~/.config/watchkeeper}.
 *
 * <p>Interim: replaced by the connectors' shared profile store once it lands, so that the CLI and
 * the console read the same profiles.
 */
final class ProfileLookup {

    record Profile(String coordinator, String redis, boolean readOnly) {
    }

    private ProfileLookup() {
    }

    static Path configDir() {
        String prop = System.getProperty("watchkeeper.config.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv("WATCHKEEPER_CONFIG_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("watchkeeper");
    }

    static Profile load(String name) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw CliFailure.usage("profile names are letters, digits, '.', '_' and '-': " + name);
        }
        Path file = configDir().resolve("profiles").resolve(name + ".properties");
        if (!Files.isRegularFile(file)) {
            throw CliFailure.usage("no profile '" + name + "' (looked for " + file + ")");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw CliFailure.usage("cannot read profile '" + name + "': " + e.getMessage());
        }
        return new Profile(blankToNull(p.getProperty("coordinator")), blankToNull(p.getProperty("redis")),
                Boolean.parseBoolean(p.getProperty("read-only", "false").trim()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
