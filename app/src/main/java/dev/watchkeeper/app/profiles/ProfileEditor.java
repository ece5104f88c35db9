package dev.watchkeeper.app.profiles;

import dev.watchkeeper.app.export.FileChooserService;
import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.profile.ProfileStore;
import dev.watchkeeper.connectors.redis.RedisSettings;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A form for one connection profile that saves through {@link ProfileStore}: targets, TLS CA file,
 * bearer token (masked; "${ENV_VAR}" references are kept as written), Redis URI, poll interval,
 * namespace, read-only, store secrets. TLS and the token apply to every gRPC endpoint of the profile.
 * Saving replaces the stored profile of the same name and keeps the others.
 */
public final class ProfileEditor extends VBox {

    public static final String NAME_ID = "profileName";
    public static final String COORDINATOR_ID = "profileCoordinator";
    public static final String BLOCK_STREAMER_ID = "profileBlockStreamer";
    public static final String RUNNER_ID = "profileRunner";
    public static final String CA_FILE_ID = "profileCaFile";
    public static final String CA_BROWSE_ID = "profileCaBrowse";
    public static final String TOKEN_ID = "profileToken";
    public static final String REDIS_ID = "profileRedis";
    public static final String POLL_ID = "profilePoll";
    public static final String NAMESPACE_ID = "profileNamespace";
    public static final String READ_ONLY_ID = "profileReadOnly";
    public static final String STORE_SECRETS_ID = "profileStoreSecrets";
    public static final String SAVE_ID = "profileSave";
    public static final String MESSAGE_ID = "profileMessage";

    private final ProfileStore store;
    private final Runnable onSaved;
    private final TextField name = field(NAME_ID, "e.g. mainnet");
    private final TextField coordinator = field(COORDINATOR_ID, "host:port");
    private final TextField blockStreamer = field(BLOCK_STREAMER_ID, "host:port (optional)");
    private final TextField runner = field(RUNNER_ID, "host:port (optional)");
    private final TextField caFile = field(CA_FILE_ID, "CA certificate file: turns TLS on (optional)");
    private final PasswordField token = new PasswordField();
    private final TextField redis = field(REDIS_ID, "redis://host:6379, rediss://, redis-sentinel://");
    private final TextField poll = field(POLL_ID, "seconds");
    private final TextField namespace = field(NAMESPACE_ID, "pooler namespace (optional)");
    private final CheckBox readOnly = new CheckBox("Read-only (every command disabled)");
    private final CheckBox storeSecrets = new CheckBox("Store secrets in the profile file (owner-only); otherwise use ${ENV_VAR}");
    private final Label message = new Label();

    /**
     * @param initial prefills the form (null: empty)
     * @param onSaved runs on the FX thread after a successful save (e.g. refresh the switcher)
     */
    public ProfileEditor(ProfileStore store, ConnectionProfile initial, FileChooserService files, Runnable onSaved) {
        super(10);
        this.store = store;
        this.onSaved = onSaved;
        setPadding(new Insets(12));
        token.setId(TOKEN_ID);
        token.setPromptText("bearer token or ${ENV_VAR} (optional)");
        readOnly.setId(READ_ONLY_ID);
        storeSecrets.setId(STORE_SECRETS_ID);
        message.setId(MESSAGE_ID);
        message.setWrapText(true);

        Button browse = new Button("Browse…");
        browse.setId(CA_BROWSE_ID);
        browse.setOnAction(e -> files.chooseOpenFile(getScene() == null ? null : getScene().getWindow(), "CA certificate")
                .ifPresent(p -> caFile.setText(p.toString())));
        HBox.setHgrow(caFile, Priority.ALWAYS);

        GridPane grid = new GridPane(8, 6);
        int row = 0;
        grid.addRow(row++, new Label("Name"), name);
        grid.addRow(row++, new Label("Coordinator"), coordinator);
        grid.addRow(row++, new Label("Block streamer"), blockStreamer);
        grid.addRow(row++, new Label("Runner"), runner);
        grid.addRow(row++, new Label("TLS CA file"), new HBox(6, caFile, browse));
        grid.addRow(row++, new Label("Bearer token"), token);
        grid.addRow(row++, new Label("Redis URI"), redis);
        grid.addRow(row++, new Label("Poll interval (s)"), poll);
        grid.addRow(row++, new Label("Namespace"), namespace);
        grid.add(readOnly, 1, row++);
        grid.add(storeSecrets, 1, row);

        Button save = new Button("Save profile");
        save.setId(SAVE_ID);
        save.setDefaultButton(true);
        save.setTooltip(new Tooltip("Write this profile to " + store.file()));
        save.setOnAction(e -> save());
        getChildren().addAll(grid, save, message);
        fill(initial);
    }

    private static TextField field(String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(28);
        return f;
    }

    private void fill(ConnectionProfile p) {
        poll.setText("2");
        if (p == null) {
            return;
        }
        name.setText(p.name());
        coordinator.setText(p.coordinator().target());
        blockStreamer.setText(p.blockStreamer() == null ? "" : p.blockStreamer().target());
        runner.setText(p.runner() == null ? "" : p.runner().target());
        caFile.setText(p.coordinator().caFile() == null ? "" : p.coordinator().caFile());
        token.setText(p.coordinator().bearerToken() == null ? "" : p.coordinator().bearerToken());
        redis.setText(p.redis().uri());
        poll.setText(seconds(p.redis().pollInterval()));
        namespace.setText(p.redis().snapshotterNamespace() == null ? "" : p.redis().snapshotterNamespace());
        readOnly.setSelected(p.readOnly());
        storeSecrets.setSelected(p.storeSecrets());
    }

    private static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    /** The profile the form describes; throws IllegalArgumentException with a message for the user. */
    public ConnectionProfile profile() {
        Duration interval;
        try {
            double s = Double.parseDouble(poll.getText().strip());
            if (!(s > 0 && s <= 86_400)) {
                throw new NumberFormatException();
            }
            interval = Duration.ofMillis(Math.max(1, Math.round(s * 1000)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("poll interval must be a number of seconds between 0 and 86400, not '" + poll.getText() + "'");
        }
        return new ConnectionProfile(name.getText(),
                endpoint(coordinator.getText(), "coordinator", true),
                endpoint(blockStreamer.getText(), "block streamer", false),
                endpoint(runner.getText(), "runner", false),
                new RedisSettings(redis.getText().strip(), interval, blank(namespace.getText())),
                ConnectionProfile.DEFAULT_HEALTH_POLL, readOnly.isSelected(), storeSecrets.isSelected());
    }

    private Endpoint endpoint(String target, String what, boolean required) {
        if (target == null || target.isBlank()) {
            if (required) {
                throw new IllegalArgumentException("the " + what + " target is empty; expected host:port");
            }
            return null;
        }
        String ca = blank(caFile.getText());
        return new Endpoint(target.strip(), ca != null, ca, null, null, blank(token.getText()), Endpoint.DEFAULT_DEADLINE);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Saves the form's profile, replacing a stored one of the same name. Reports the outcome below the button. */
    public boolean save() {
        ConnectionProfile p;
        try {
            p = profile();
        } catch (IllegalArgumentException e) {
            message.setText("Not saved: " + e.getMessage());
            return false;
        }
        List<ConnectionProfile> all = new ArrayList<>(store.load().profiles());
        int at = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equals(p.name())) {
                at = i;
            }
        }
        if (at >= 0) {
            all.set(at, p);
        } else {
            all.add(p);
        }
        try {
            List<String> notes = store.save(all);
            message.setText("Saved '" + p.name() + "' to " + store.file() + (notes.isEmpty() ? "" : "\n" + String.join("\n", notes)));
        } catch (IOException e) {
            message.setText("Not saved: cannot write " + store.file() + ": " + e.getMessage());
            return false;
        }
        if (onSaved != null) {
            onSaved.run();
        }
        return true;
    }

    public Label message() {
        return message;
    }
}
