package dev.watchkeeper.app;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The training run behind the app image's ahead-of-time cache (dev.watchkeeper.demo.ConsoleCacheBuilder):
 * the console as {@link Launcher} starts it, with the same arguments, until its Fleet table shows
 * the whole fleet; then each tab is shown once and the console closes. The JVM writes the cache as
 * it exits: the classes the start loaded and linked, and how its methods ran, so that an operator's
 * start maps them instead of loading them and compiles the load's code sooner.
 *
 * <pre>ConsoleTraining INDEXERS [console options]</pre>
 */
public final class ConsoleTraining {

    /** Each tab is shown for this long (its views laid out and painted a few times). */
    private static final long TAB_MILLIS = 400;
    private static final long LIMIT_MILLIS = 180_000;

    private ConsoleTraining() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: ConsoleTraining INDEXERS [console options]");
            System.exit(2);
        }
        int indexers = Integer.parseInt(args[0]);
        String[] console = java.util.Arrays.copyOfRange(args, 1, args.length);
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wk-training");
            t.setDaemon(true);
            return t;
        });
        Steps steps = new Steps(indexers);
        watch.scheduleAtFixedRate(() -> {
            try {
                Platform.runLater(steps::next);
            } catch (IllegalStateException e) {
                // the toolkit is not up yet, or has exited: a tick that throws would end the ticks
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
        watch.schedule(() -> {
            System.err.println("ConsoleTraining: the console did not show " + indexers + " indexers within " + LIMIT_MILLIS / 1000 + " s");
            System.exit(1);
        }, LIMIT_MILLIS, TimeUnit.MILLISECONDS);
        Application.launch(WatchkeeperApp.class, console);
        System.exit(steps.done ? 0 : 1);
    }

    /** What the run does next, on the FX thread: wait for the fleet, then show each tab in turn. */
    private static final class Steps {
        private final int indexers;
        private final List<Tab> toShow = new ArrayList<>();
        private long shownAt;
        private boolean loaded;
        private volatile boolean done;

        Steps(int indexers) {
            this.indexers = indexers;
        }

        void next() {
            TabPane tabs = tabs();
            if (tabs == null || done) {
                return;
            }
            if (!loaded) {
                select(tabs, MainWindow.FLEET_TAB);
                Node table = tabs.getScene().lookup("#fleetTable");
                if (table instanceof TableView<?> t && t.getItems().size() >= indexers) {
                    loaded = true;
                    toShow.addAll(tabs.getTabs());
                    toShow.add(tabs.getSelectionModel().getSelectedItem());
                }
                return;
            }
            long now = System.nanoTime();
            if (now - shownAt < TAB_MILLIS * 1_000_000) {
                return;
            }
            if (toShow.isEmpty()) {
                done = true;
                Platform.exit();
                return;
            }
            tabs.getSelectionModel().select(toShow.removeFirst());
            shownAt = now;
        }

        private static void select(TabPane tabs, String id) {
            tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().ifPresent(t -> tabs.getSelectionModel().select(t));
        }

        private static TabPane tabs() {
            for (Window w : Window.getWindows()) {
                if (w instanceof Stage s && s.getTitle() != null && s.getTitle().startsWith(WatchkeeperApp.TITLE) && s.getScene() != null
                        && s.getScene().lookup("#" + MainWindow.TABS_ID) instanceof TabPane tabs) {
                    return tabs;
                }
            }
            return null;
        }
    }
}
