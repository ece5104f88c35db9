package dev.watchkeeper.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The app image's command-line launcher ({@code bin/watchkeeper-cli}, what {@code watchkeeper} on
 * PATH runs; dev.watchkeeper.demo.CliLauncherBuilder) starts a JVM tuned for runs of a second: the
 * quick compiler only and an ahead-of-time cache of the command line's classes. What runs for hours
 * (the console, the recorder) would be slower in it, so it hands those to the main launcher, the
 * console's, with the same arguments, terminal and exit code.
 */
final class ConsoleHandOff {

    /** Set by the command-line launcher: the launcher to hand over to. */
    static final String PROPERTY = "watchkeeper.handoff.launcher";

    private ConsoleHandOff() {
    }

    /** The launcher to hand over to, or null when this JVM is not the command-line launcher's. */
    static Path target() {
        String launcher = System.getProperty(PROPERTY);
        return launcher == null || launcher.isBlank() ? null : Path.of(launcher);
    }

    /** Runs {@code launcher} with {@code args} on this terminal and returns its exit code. */
    static int run(Path launcher, String[] args) {
        if (!Files.isExecutable(launcher)) {
            System.err.println("watchkeeper: the console's launcher " + launcher + " is missing or not executable; the installation is incomplete");
            return 1;
        }
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        Process child;
        try {
            child = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            System.err.println("watchkeeper: cannot start " + launcher + ": " + e.getMessage());
            return 1;
        }
        // a SIGTERM to this process (systemd, kill) reaches the one doing the work too
        Thread stop = new Thread(() -> {
            child.destroy();
            try {
                child.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "watchkeeper-handoff-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            return child.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroy();
            return 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
        }
    }
}
