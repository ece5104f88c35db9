package dev.watchkeeper.app;

import atlantafx.base.theme.PrimerLight;
import dev.watchkeeper.simulator.DemoStack;
import dev.watchkeeper.simulator.SimConfig;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

import java.io.InputStream;
import java.util.Objects;

/** The console application: connects to a control plane (or the built-in demo) and shows it. */
public final class WatchkeeperApp extends Application {

    public static final String TITLE = "Watchkeeper";

    private DemoStack demo;
    private ConsoleSession session;
    private LaunchOptions options;

    @Override
    public void init() {
        options = LaunchOptions.parse(getParameters().getRaw());
        if (options.demo()) {
            // Runs on the launcher thread, not the FX thread: starting Redis takes a moment.
            demo = DemoStack.start(SimConfig.defaults().withIndexers(options.indexers()));
        }
    }

    @Override
    public void start(Stage stage) {
        String coordinator = options.demo() ? demo.coordinatorTarget() : options.coordinator();
        String redis = options.demo() ? demo.redisUri() : options.redis();
        String where = options.demo() ? "demo control plane" : coordinator;
        session = new ConsoleSession(where, coordinator, redis, options.poll(), options.deadline());
        stage.setScene(scene(new MainWindow(session), 1280, 800));
        stage.setTitle(TITLE + " — " + where);
        appIcon(stage);
        stage.show();
    }

    static Scene scene(MainWindow window, double w, double h) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
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
