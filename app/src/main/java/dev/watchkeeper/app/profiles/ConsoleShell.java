package dev.watchkeeper.app.profiles;

import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.profile.ProfileStore;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The window's root across profile switches: holds the current session's {@link MainWindow} and
 * puts the profile switcher (launch profile plus the store's profiles) into its app bar. Choosing
 * a profile checks it off the FX thread, opens a new session, swaps the window and closes the old
 * session in the background. Use on the FX thread.
 */
public final class ConsoleShell extends StackPane {

    public static final String EDIT_PROFILES_ID = "editProfiles";
    public static final String PROBLEM_ID = "profileProblem";

    /** Opens a session for a profile (e.g. {@code p -> new ConsoleSession(p, audit)}); throws when it cannot. */
    public interface SessionFactory extends Function<ConnectionProfile, ConsoleSession> {
    }

    private final ProfileStore store;
    private final ConnectionProfile launchProfile;
    private final SessionFactory sessions;
    private final Function<ConsoleSession, MainWindow> windows;
    private final Runnable editProfiles;
    /** Set at launch (--read-only): every profile opened in this window is read-only, whatever it says. */
    private final boolean sessionReadOnly;
    private final ReadOnlyObjectWrapper<ConsoleSession> session = new ReadOnlyObjectWrapper<>(this, "session");
    private final ReadOnlyObjectWrapper<MainWindow> window = new ReadOnlyObjectWrapper<>(this, "window");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private final Map<String, ConnectionProfile> profiles = new LinkedHashMap<>();
    private long switchGeneration;

    /**
     * @param editProfiles opens the profile editor (null: no edit button)
     */
    public ConsoleShell(ProfileStore store, ConnectionProfile launchProfile, SessionFactory sessions,
                        Function<ConsoleSession, MainWindow> windows, Runnable editProfiles) {
        this(store, launchProfile, sessions, windows, editProfiles, false);
    }

    /**
     * @param sessionReadOnly every profile this window opens is opened read-only (the launch flag);
     *                        no profile switch lifts it
     */
    public ConsoleShell(ProfileStore store, ConnectionProfile launchProfile, SessionFactory sessions,
                        Function<ConsoleSession, MainWindow> windows, Runnable editProfiles, boolean sessionReadOnly) {
        this.sessionReadOnly = sessionReadOnly;
        this.store = store;
        launchProfile = LaunchProfiles.readOnly(launchProfile, sessionReadOnly);
        this.launchProfile = launchProfile;
        this.sessions = sessions;
        this.windows = windows;
        this.editProfiles = editProfiles;
        show(sessions.apply(launchProfile));
    }

    private void reloadProfiles() {
        profiles.clear();
        profiles.put(launchProfile.name(), launchProfile);
        ProfileStore.Loaded loaded = store.load();
        loaded.profiles().forEach(p -> profiles.putIfAbsent(p.name(), LaunchProfiles.readOnly(p, sessionReadOnly)));
        if (!loaded.problems().isEmpty()) {
            problem.set(String.join("\n", loaded.problems()));
        }
    }

    private void show(ConsoleSession next) {
        MainWindow w = windows.apply(next);
        installSwitcher(w, next.profile());
        getChildren().setAll(w);
        session.set(next);
        window.set(w);
    }

    /** (Re)places the switcher, listing the launch profile and the store's, and the edit button in {@code w}'s app bar. */
    private void installSwitcher(MainWindow w, ConnectionProfile current) {
        reloadProfiles();
        w.appBarSlot().getChildren().removeIf(n -> n instanceof ProfileSwitcher || EDIT_PROFILES_ID.equals(n.getId())
                || PROBLEM_ID.equals(n.getId()));
        ProfileChoice currentChoice = LaunchProfiles.choice(current);
        List<ProfileChoice> choices = new ArrayList<>(profiles.values().stream().map(LaunchProfiles::choice).toList());
        // the session's own copy wins (e.g. forced read-only at launch)
        choices.replaceAll(c -> c.name().equals(currentChoice.name()) ? currentChoice : c);
        w.appBarSlot().getChildren().add(new ProfileSwitcher(choices, currentChoice, c -> switchTo(c.name())));
        if (editProfiles != null) {
            Button edit = new Button(null, new FontIcon(Material2AL.EDIT));
            edit.setId(EDIT_PROFILES_ID);
            edit.setTooltip(new Tooltip("Edit connection profiles"));
            edit.setOnAction(e -> editProfiles.run());
            w.appBarSlot().getChildren().add(edit);
        }
        w.appBarSlot().getChildren().add(problemLabel());
    }

    /** A failed switch or a broken profiles file, shown next to the switcher until the next good switch. */
    private Label problemLabel() {
        Label label = new Label("Profile problem", new FontIcon(Material2AL.ERROR_OUTLINE));
        label.setId(PROBLEM_ID);
        label.getStyleClass().addAll("wk-badge", "wk-warning");
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(problem);
        label.setTooltip(tip);
        label.visibleProperty().bind(problem.isNotNull());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    /**
     * Switches to the profile called {@code name}: resolves its ${ENV} references off the FX thread,
     * then opens it and closes the current session. A profile that cannot be used leaves the current
     * session running and sets {@link #problemProperty()}.
     */
    public void switchTo(String name) {
        ConnectionProfile target = profiles.get(name);
        if (target == null) {
            problem.set("no connection profile named '" + name + "'");
            return;
        }
        long generation = ++switchGeneration;
        Thread.ofVirtual().name("profile-check").start(() -> {
            String error = null;
            try {
                target.resolve(System::getenv);
            } catch (RuntimeException e) {
                error = e.getMessage();
            }
            String failure = error;
            Platform.runLater(() -> {
                if (generation != switchGeneration) {
                    return;
                }
                if (failure != null) {
                    fail(failure);
                    return;
                }
                ConsoleSession next;
                try {
                    next = sessions.apply(LaunchProfiles.readOnly(target, sessionReadOnly));
                } catch (RuntimeException e) {
                    fail(e.getMessage());
                    return;
                }
                ConsoleSession old = session.get();
                problem.set(null);
                show(next);
                old.closeInBackground();
            });
        });
    }

    private void fail(String message) {
        problem.set("cannot switch profile: " + message);
        // select the profile still in use again
        installSwitcher(window.get(), session.get().profile());
    }

    /** Re-reads the store (after the editor saved) and refreshes the switcher's list. */
    public void profilesChanged() {
        installSwitcher(window.get(), session.get().profile());
    }

    public ReadOnlyObjectProperty<ConsoleSession> sessionProperty() {
        return session.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<MainWindow> windowProperty() {
        return window.getReadOnlyProperty();
    }

    /** Why the last switch or profile load failed (null when it did not). */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ProfileStore store() {
        return store;
    }

    /** Closes the current session (application exit). */
    public void close() {
        ConsoleSession s = session.get();
        if (s != null) {
            s.close();
        }
    }
}
