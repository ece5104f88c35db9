package dev.watchkeeper.bench.e2e;

import atlantafx.base.theme.PrimerLight;
import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.app.commands.CommandModule;
import dev.watchkeeper.app.fleet.FleetView;
import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.app.fleet.SavedFilters;
import dev.watchkeeper.connectors.grpc.Channels;
import dev.watchkeeper.model.audit.AuditLog;
import io.grpc.ManagedChannel;
import javafx.application.Application;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.prefs.Preferences;

/** A console under test, shown in its own headless window: the real one, or the naive baseline. */
abstract class Console implements AutoCloseable {

    static final int WIDTH = 1000;
    static final int HEIGHT = 800;

    final Stage stage = new Stage();

    abstract String name();

    abstract FleetViewModel fleet();

    /** Builds the window; runs on the FX thread. */
    void show(Parent root) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Scene scene = new Scene(root, WIDTH, HEIGHT);
        scene.getStylesheets().add(Objects.requireNonNull(MainWindow.class.getResource("watchkeeper.css")).toExternalForm());
        stage.setScene(scene);
        stage.setTitle(name());
        stage.show();
    }

    /** Closes everything; runs on the FX thread. */
    @Override
    public void close() {
        stage.hide();
    }

    /** Watchkeeper as it ships: ConsoleSession (RedisFleetReader + FxBatcher) and MainWindow. */
    static final class Watchkeeper extends Console {
        private final ConsoleSession session;

        Watchkeeper(String coordinator, String redis) {
            session = new ConsoleSession("bench", coordinator, redis, Duration.ofSeconds(2), Duration.ofSeconds(5));
            MainWindow window = new MainWindow(session);
            // the fleet table on screen, whatever tab the user's preferences remember
            window.selectTab(MainWindow.FLEET_TAB);
            show(window);
        }

        @Override
        String name() {
            return "watchkeeper";
        }

        @Override
        FleetViewModel fleet() {
            return session.fleet();
        }

        @Override
        public void close() {
            super.close();
            session.close();
        }
    }

    /** The same table fed by {@link NaiveFeed}: GET per key every second, one runLater per change. */
    static final class Naive extends Console {
        private final FleetViewModel model = new FleetViewModel();
        private final ManagedChannel channel;
        private final CommandModule commands;
        private final NaiveFeed feed;

        Naive(String coordinatorTarget, String redis) {
            channel = Channels.plaintext(coordinatorTarget);
            commands = new CommandModule(channel, Duration.ofSeconds(5), new AuditLog(auditFile()), "bench", false);
            show(new FleetView(model, commands.service(),
                    new SimpleObjectProperty<>(Instant.now()), new SavedFilters(Preferences.userRoot().node("watchkeeper-bench"))));
            feed = new NaiveFeed(redis, model);
            feed.start();
        }

        private static Path auditFile() {
            try {
                return Files.createTempFile("watchkeeper-bench-audit", ".jsonl");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        String name() {
            return "naive baseline";
        }

        @Override
        FleetViewModel fleet() {
            return model;
        }

        @Override
        public void close() {
            super.close();
            feed.close();
            commands.close();
            channel.shutdownNow();
        }
    }
}
