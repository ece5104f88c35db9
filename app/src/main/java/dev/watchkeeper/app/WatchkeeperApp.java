package dev.watchkeeper.app;

import dev.watchkeeper.app.dialogs.FxDialogService;
import dev.watchkeeper.app.export.FxFileChooserService;
import dev.watchkeeper.app.prefs.UiPrefs;
import dev.watchkeeper.app.profiles.LaunchProfiles;
import dev.watchkeeper.app.profiles.ProfileEditor;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.profile.ProfileStore;
import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.simulator.SimConfig;
import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.io.InputStream;
import java.util.Objects;

/** The console application: connects to a control plane (or the built-in demo) and shows it. */
public final class WatchkeeperApp extends Application {

    public static final String TITLE = "Watchkeeper";

    private DemoStack demo;
    private ConsoleShell shell;
    private ConsoleOptions options;
    private ProfileStore store;
    private ConnectionProfile launchProfile;
    private final UiPrefs prefs = UiPrefs.user();

    @Override
    public void init() {
        options = ConsoleOptions.parse(getParameters().getRaw());
        store = LaunchProfiles.store();
        // Runs on the launcher thread, not the FX thread: starting Redis takes a moment.
        if (options.profile() != null) {
            launchProfile = LaunchProfiles.withDeadline(LaunchProfiles.named(store, options.profile()), options.deadline());
        } else if (options.demo()) {
            demo = DemoStack.start(SimConfig.defaults().withIndexers(options.indexers()).withUpstream(options.upstream()));
            if (options.chaos() > 0) {
                demo.faults().chaos(42L, options.chaos());
            }
            if (options.incident() != null) {
                demo.controlPlane().playIncident(options.incident(), java.time.Duration.ofSeconds(30), 42L);
            }
            launchProfile = ConsoleSession.demoProfile(demo, "demo control plane", options.poll(), options.deadline());
            // the demo's workers serve upstream's /metrics too (free loopback ports)
            var metrics = demo.controlPlane().serveMetrics(0, 0);
            var poolerApi = demo.controlPlane().servePoolerApi(0);
            launchProfile = launchProfile.withObservability(new dev.watchkeeper.connectors.profile.ObservabilitySettings(null, null, null,
                    "http://127.0.0.1:" + metrics.blockStreamerPort() + "/metrics", "http://127.0.0.1:" + metrics.runnerPort() + "/metrics",
                    null, "http://127.0.0.1:" + poolerApi.port(), java.time.Duration.ofSeconds(5)));
        } else {
            launchProfile = ConsoleSession.adHocProfile(options.coordinator(), options.coordinator(), options.redis(), options.blockStreamer(),
                    options.runner(), options.namespace(), options.poll(), options.deadline(), false);
        }
        launchProfile = LaunchProfiles.readOnly(launchProfile, options.readOnly());
    }

    @Override
    public void start(Stage stage) {
        AuditLog audit = options.auditLog();
        shell = new ConsoleShell(store, launchProfile, p -> new ConsoleSession(p, audit, options.confirmTimeout(),
                dev.watchkeeper.app.history.SessionHistory.locationFor(p)), session -> {
            MainWindow window = new MainWindow(session, prefs, new FxFileChooserService(), null);
            window.enableDesktopNotifications();
            return window;
        }, () -> openEditor(stage), options.readOnly());
        shell.sessionProperty().addListener((obs, old, s) -> {
            stage.setTitle(TITLE + " — " + s.title());
            prefs.setLastProfile(s.title());
        });
        prefs.setLastProfile(launchProfile.name());

        double[] b = prefs.windowBounds();
        Rectangle2D first = b == null ? firstStart(Screen.getPrimary().getVisualBounds()) : null;
        stage.setScene(scene(shell, b == null ? first.getWidth() : b[2], b == null ? first.getHeight() : b[3]));
        if (b != null && onSomeScreen(b)) {
            stage.setX(b[0]);
            stage.setY(b[1]);
        } else if (first != null) {
            stage.setX(first.getMinX());
            stage.setY(first.getMinY());
        }
        stage.setTitle(TITLE + " — " + launchProfile.name());
        appIcon(stage);
        stage.setOnHiding(e -> prefs.setWindowBounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()));
        stage.show();
    }

    private void openEditor(Stage owner) {
        ConnectionProfile current = shell.sessionProperty().get().profile();
        // a --read-only session holds read-only copies: edit the profile as stored, so saving does not make it read-only for good
        ConnectionProfile stored = store.load().byName(current.name());
        ProfileEditor editor = new ProfileEditor(store, stored != null ? stored : current, new FxFileChooserService(), shell::profilesChanged);
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(editor);
        scroll.setFitToWidth(true);
        new FxDialogService(() -> owner).showWindow("Connection profile", scroll, 900, 860);
    }

    /**
     * The window's first bounds: 1400x900, but never larger than the screen's work area (a 1280x800
     * laptop got a window it could not see whole), centred in it. Later starts use the remembered bounds.
     */
    static Rectangle2D firstStart(Rectangle2D workArea) {
        double w = Math.min(1400, workArea.getWidth());
        double h = Math.min(900, workArea.getHeight());
        return new Rectangle2D(workArea.getMinX() + (workArea.getWidth() - w) / 2, workArea.getMinY() + (workArea.getHeight() - h) / 2, w, h);
    }

    private static boolean onSomeScreen(double[] b) {
        return !Screen.getScreensForRectangle(new Rectangle2D(b[0], b[1], Math.min(b[2], 200), Math.min(b[3], 200))).isEmpty();
    }

    static Scene scene(MainWindow window, double w, double h) {
        return scene((Parent) window, w, h);
    }

    /** A scene with the console's stylesheet. */
    public static Scene scene(Parent root, double w, double h) {
        Scene scene = new Scene(root, w, h);
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
        if (shell != null) {
            shell.close();
        }
        if (demo != null) {
            demo.close();
        }
    }
}
