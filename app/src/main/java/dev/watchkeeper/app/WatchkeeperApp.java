package dev.watchkeeper.app;

import dev.watchkeeper.app.export.FxFileChooserService;
import dev.watchkeeper.app.prefs.UiPrefs;
import dev.watchkeeper.app.profiles.ProfileChoice;
import dev.watchkeeper.app.profiles.ProfileSwitcher;
import dev.watchkeeper.simulator.DemoStack;
import dev.watchkeeper.simulator.SimConfig;
import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.io.InputStream;
import java.util.List;
import java.util.Objects;

/** The console application: connects to a control plane (or the built-in demo) and shows it. */
public final class WatchkeeperApp extends Application {

    public static final String TITLE = "Watchkeeper";

    private DemoStack demo;
    private ConsoleSession session;
    private LaunchOptions options;
    private final UiPrefs prefs = UiPrefs.user();

    @Override
    public void init() {
        options = LaunchOptions.parse(getParameters().getRaw());
        if (options.demo()) {
            // Runs on the launcher thread, not the FX thread: starting Redis takes a moment.
            demo = DemoStack.start(SimConfig.defaults().withIndexers(options.indexers()));
            if (options.chaos() > 0) {
                demo.faults().chaos(42L, options.chaos());
            }
        }
    }

    @Override
    public void start(Stage stage) {
        String coordinator = options.demo() ? demo.coordinatorTarget() : options.coordinator();
        String redis = options.demo() ? demo.redisUri() : options.redis();
        String where = options.demo() ? "demo control plane" : coordinator;
        session = options.demo()
                ? new ConsoleSession(where, coordinator, redis, demo.blockStreamerTarget(), demo.runnerTarget(), demo.snapshotterNamespace(),
                options.poll(), options.deadline())
                : new ConsoleSession(where, coordinator, redis, options.blockStreamer(), options.runner(), options.namespace(),
                options.poll(), options.deadline());
        MainWindow window = new MainWindow(session, prefs, new FxFileChooserService(), null);
        dev.watchkeeper.app.detail.DrillDown.install(window, session);
        window.enableDesktopNotifications();
        // Until saved profiles exist, the launch options are the one profile.
        ProfileChoice current = new ProfileChoice(where, "coordinator " + coordinator + ", Redis " + redis, false);
        window.appBarSlot().getChildren().add(new ProfileSwitcher(List.of(current), current, p -> { }));
        prefs.setLastProfile(current.name());

        double[] b = prefs.windowBounds();
        stage.setScene(scene(window, b == null ? 1400 : b[2], b == null ? 900 : b[3]));
        if (b != null && onSomeScreen(b)) {
            stage.setX(b[0]);
            stage.setY(b[1]);
        }
        stage.setTitle(TITLE + " — " + where);
        appIcon(stage);
        stage.setOnHiding(e -> prefs.setWindowBounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()));
        stage.show();
    }

    private static boolean onSomeScreen(double[] b) {
        return !Screen.getScreensForRectangle(new Rectangle2D(b[0], b[1], Math.min(b[2], 200), Math.min(b[3], 200))).isEmpty();
    }

    static Scene scene(MainWindow window, double w, double h) {
        Scene scene = new Scene(window, w, h);
        scene.getStylesheets().add(Objects.requireNonNull(WatchkeeperApp.class.getResource("watchkeeper.css")).toExternalForm());
        return scene;
    }

    static void appIcon(Stage stage) {
        for (int size : new int[]{16, 32, 48, 64, 128, 256}) {
            InputStream in = WatchkeeperApp.class.getResourceAsStream("/icons/watchkeeper-" + size + ".png");
            if (in != null) {
                stage.getIcons().add(new Image(in));
            }
        }
    }

    @Override
    public void stop() {
        if (session != null) {
            session.close();
        }
        if (demo != null) {
            demo.close();
        }
    }
}
