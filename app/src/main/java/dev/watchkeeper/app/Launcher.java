package dev.watchkeeper.app;

import dev.watchkeeper.cli.WatchkeeperCli;
import javafx.application.Application;

import java.util.List;

/**
 * Entry point. A plain main class (not an Application subclass) so the console starts from a
 * class path without JavaFX on the module path.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        List<String> list = List.of(args);
        String subcommand = WatchkeeperCli.subcommandNamed(list);
        java.nio.file.Path handOff = ConsoleHandOff.target();
        if (handOff != null && (subcommand == null || subcommand.equals("record"))) {
            // the command-line launcher's JVM is tuned for short runs: the console and the recorder run in the main launcher's
            System.exit(ConsoleHandOff.run(handOff, args));
            return;
        }
        if (subcommand != null) {
            // A subcommand (status, suspend, ...): the command-line twin, without starting JavaFX.
            WatchkeeperCli.main(args);
            return;
        }
        ConsoleOptions options;
        try {
            options = ConsoleOptions.parse(list);
            if (options.profile() != null && !options.helpRequested() && !options.versionRequested()) {
                // an unknown profile name fails here, with the known names, before any window opens
                dev.watchkeeper.app.profiles.LaunchProfiles.named(dev.watchkeeper.app.profiles.LaunchProfiles.store(), options.profile());
            }
        } catch (IllegalArgumentException e) {
            System.err.println("watchkeeper: " + e.getMessage());
            System.err.println(ConsoleOptions.usage());
            System.exit(2);
            return;
        }
        if (options.helpRequested()) {
            System.out.println(ConsoleOptions.usage());
            return;
        }
        if (options.versionRequested()) {
            System.out.println("Watchkeeper " + version());
            return;
        }
        Application.launch(WatchkeeperApp.class, args);
    }

    public static String version() {
        String v = Launcher.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
