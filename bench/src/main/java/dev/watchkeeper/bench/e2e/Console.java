package dev.watchkeeper.bench.e2e;

import dev.watchkeeper.model.audit.AuditLog;
import atlantafx.base.theme.PrimerLight;
import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.app.fleet.FleetView;
import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.app.fleet.SavedFilters;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import javafx.application.Application;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.prefs.Preferences;

/** A console under test, shown in its own headless window: the real one, or the naive baseline. */
abstract class Console implements AutoCloseable {

    static final int WIDTH = 1000;
    static final int HEIGHT = 800;
    /** Redis poll interval where the server publishes no keyspace events (the polling targets are this plus 50 ms). */
    static final Duration POLL = Duration.ofSeconds(1);

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
            this(coordinator, redis, null, null);
        }

        /** With the block streamer and runner at {@code health} (one target serving both) and the pooler's {@code namespace}, when not null. */
        Watchkeeper(String coordinator, String redis, String health, String namespace) {
            this(ConsoleSession.adHocProfile("bench", coordinator, redis, health, health,
                    namespace, POLL, Duration.ofSeconds(5), false), MainWindow.FLEET_TAB);
        }

        /** Connected through {@code profile}, with {@code tab} shown whatever the user's preferences remember. */
        Watchkeeper(ConnectionProfile profile, String tab) {
            session = new ConsoleSession(profile, AuditLog.atDefaultLocation());
            MainWindow window = new MainWindow(session);
            window.selectTab(tab);
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

    /**
     * The fair baseline: {@link FairFeed} (pipelined MGET poll every second, one runLater per poll)
     * into a plain TableView sorted through a SortedList, with an account and a lifecycle column.
     */
    static final class Fair extends Baseline {

        Fair(String coordinatorTarget, String redis) {
            javafx.scene.control.TableView<dev.watchkeeper.app.fleet.IndexerRow> table = new javafx.scene.control.TableView<>();
            table.setId("fleetTable");
            javafx.collections.transformation.SortedList<dev.watchkeeper.app.fleet.IndexerRow> sorted =
                    new javafx.collections.transformation.SortedList<>(new OneRangeRows<>(model.allRows()));
            sorted.comparatorProperty().bind(table.comparatorProperty());
            table.setItems(sorted);
            javafx.scene.control.TableColumn<dev.watchkeeper.app.fleet.IndexerRow, String> account = new javafx.scene.control.TableColumn<>("Account");
            account.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(c.getValue().id().accountId()));
            javafx.scene.control.TableColumn<dev.watchkeeper.app.fleet.IndexerRow, dev.watchkeeper.model.IndexerState> lifecycle =
                    new javafx.scene.control.TableColumn<>("Lifecycle");
            lifecycle.setCellValueFactory(c -> c.getValue().stateProperty());
            lifecycle.setComparator(java.util.Comparator.comparing(s -> s.lifecycle().ordinal()));
            lifecycle.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
                {
                    getStyleClass().add("wk-lifecycle-cell");
                }

                @Override
                protected void updateItem(dev.watchkeeper.model.IndexerState s, boolean empty) {
                    super.updateItem(s, empty);
                    setText(empty || s == null ? null : s.lifecycleText());
                }
            });
            table.getColumns().setAll(List.of(account, lifecycle));
            show(table);
            feed(new FairFeed(redis, model));
        }

        @Override
        String name() {
            return "fair baseline";
        }
    }

    /** A baseline: its own fleet model, fed by its own poller. */
    abstract static class Baseline extends Console {
        final FleetViewModel model = new FleetViewModel();
        private PollingFeed feed;

        void feed(PollingFeed f) {
            feed = f;
            f.start();
        }

        @Override
        FleetViewModel fleet() {
            return model;
        }

        @Override
        public void close() {
            super.close();
            if (feed != null) {
                feed.close();
            }
        }
    }

    /** The same table fed by {@link NaiveFeed}: GET per key every second, one runLater per change. */
    static final class Naive extends Baseline {

        Naive(String coordinatorTarget, String redis) {
            show(new FleetView(model, new SimpleObjectProperty<>(Instant.now()),
                    new SavedFilters(Preferences.userRoot().node("watchkeeper-bench")), (title, question) -> java.util.Optional.empty()));
            feed(new NaiveFeed(redis, model));
        }

        @Override
        String name() {
            return "naive baseline";
        }
    }
}
