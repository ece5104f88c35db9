package dev.watchkeeper.app.profiles;

import dev.watchkeeper.app.export.FileChooserService;
import dev.watchkeeper.app.ui.Styles;
import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.profile.ProfileStore;
import dev.watchkeeper.connectors.profile.RedisUris;
import dev.watchkeeper.connectors.redis.RedisSettings;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A form for one connection profile that saves through {@link ProfileStore}. Per gRPC endpoint
 * (coordinator, block streamer, runner): target, call deadline, TLS, CA file, mTLS client
 * certificate and key, bearer token (masked; "${ENV_VAR}" references are kept as written). Then
 * the Redis URI, poll interval, namespace, read-only and store-secrets. Settings the form has no
 * field for (health poll interval, Redis cluster/CA/timeout) are kept from the profile it was
 * opened with.
 *
 * <p>The form checks itself as it is edited: errors (they block saving) and warnings (a file that
 * does not exist, traffic exposed on the network) are listed above the save button. Saving
 * replaces the stored profile of the same name and keeps the others.
 */
public final class ProfileEditor extends VBox {

    public static final String NAME_ID = "profileName";
    /** The coordinator's section: its target field has this id, its other fields this id plus a suffix below. */
    public static final String COORDINATOR_ID = "profileCoordinator";
    public static final String BLOCK_STREAMER_ID = "profileBlockStreamer";
    public static final String RUNNER_ID = "profileRunner";
    /** Field suffixes within an endpoint section, e.g. {@code COORDINATOR_ID + TLS}; file fields have a {@code + BROWSE} button. */
    public static final String TLS = EndpointFields.TLS;
    public static final String CA = EndpointFields.CA;
    public static final String CERT = EndpointFields.CERT;
    public static final String KEY = EndpointFields.KEY;
    public static final String BROWSE = EndpointFields.BROWSE;
    public static final String TOKEN = EndpointFields.TOKEN;
    public static final String DEADLINE = EndpointFields.DEADLINE;
    public static final String REDIS_ID = "profileRedis";
    /** The Redis password, masked, kept out of the URI field. */
    public static final String REDIS_PASSWORD_ID = "profileRedisPassword";
    public static final String REDIS_SKIP_VERIFY_ID = "profileRedisSkipVerify";
    public static final String REDIS_PLAINTEXT_PASSWORD_ID = "profileRedisPlaintextPassword";
    /** Suffix of an endpoint's "Insecure: token without TLS" box, e.g. {@code COORDINATOR_ID + PLAINTEXT_TOKEN}. */
    public static final String PLAINTEXT_TOKEN = EndpointFields.PLAINTEXT_TOKEN;
    public static final String POLL_ID = "profilePoll";
    public static final String NAMESPACE_ID = "profileNamespace";
    public static final String READ_ONLY_ID = "profileReadOnly";
    public static final String STORE_SECRETS_ID = "profileStoreSecrets";
    public static final String CHECKS_ID = "profileChecks";
    public static final String SAVE_ID = "profileSave";
    public static final String MESSAGE_ID = "profileMessage";

    /** What the form's current content would lead to: errors block saving, warnings do not. */
    public record Checks(List<String> errors, List<String> warnings) {
        public Checks {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }

    private final ProfileStore store;
    private final Runnable onSaved;
    private final ConnectionProfile initial;
    private final TextField name = field(NAME_ID, "e.g. mainnet");
    private final EndpointFields coordinator;
    private final EndpointFields blockStreamer;
    private final EndpointFields runner;
    private final TextField redis = field(REDIS_ID, "redis://host:6379, rediss://, redis-sentinel://");
    private final PasswordField redisPassword = new PasswordField();
    private final CheckBox skipVerify = new CheckBox("Insecure: skip certificate verification");
    private final CheckBox plaintextPassword = new CheckBox("Insecure: send the password without TLS");
    private final TextField poll = field(POLL_ID, "seconds");
    private final TextField namespace = field(NAMESPACE_ID, "pooler namespace (optional)");
    private final CheckBox readOnly = new CheckBox("Read-only (every command disabled)");
    private final CheckBox storeSecrets = new CheckBox("Store secrets in the profile file (owner-only); otherwise use ${ENV_VAR}");
    private final VBox checks = new VBox(2);
    private final Label message = new Label();
    private Checks shownChecks;

    /**
     * @param initial prefills the form (null: empty)
     * @param files   asks for the CA, certificate and key files
     * @param onSaved runs on the FX thread after a successful save (e.g. refresh the switcher)
     */
    public ProfileEditor(ProfileStore store, ConnectionProfile initial, FileChooserService files, Runnable onSaved) {
        super(8);
        this.store = store;
        this.onSaved = onSaved;
        this.initial = initial;
        setPadding(new Insets(12));
        getStyleClass().add("wk-profile-editor");
        coordinator = new EndpointFields(COORDINATOR_ID, "Coordinator", "coordinator", true, files, this::window);
        blockStreamer = new EndpointFields(BLOCK_STREAMER_ID, "Block streamer", "block streamer", false, files, this::window);
        runner = new EndpointFields(RUNNER_ID, "Runner", "runner", false, files, this::window);
        redisPassword.setId(REDIS_PASSWORD_ID);
        redisPassword.setPromptText("password or ${ENV_VAR}");
        redisPassword.setPrefColumnCount(14);
        skipVerify.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        plaintextPassword.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        skipVerify.setId(REDIS_SKIP_VERIFY_ID);
        skipVerify.getStyleClass().add(Styles.DANGER);
        skipVerify.setTooltip(new Tooltip("Needed for a rediss:// URI with verifyPeer=NONE or CA: the server's certificate is not"
                + " fully checked, so anyone on the network path can pose as it. Shown in red while connected."));
        plaintextPassword.setId(REDIS_PLAINTEXT_PASSWORD_ID);
        plaintextPassword.getStyleClass().add(Styles.DANGER);
        plaintextPassword.setTooltip(new Tooltip("Send the Redis password over redis:// (no TLS) to a host that is not this machine:"
                + " anyone on the network can read it. Refused unless ticked."));
        readOnly.setId(READ_ONLY_ID);
        storeSecrets.setId(STORE_SECRETS_ID);
        // "_" in ${ENV_VAR} is text, not a keyboard mnemonic
        storeSecrets.setMnemonicParsing(false);
        checks.setId(CHECKS_ID);
        message.setId(MESSAGE_ID);
        message.setWrapText(true);

        GridPane top = new GridPane(8, 4);
        top.addRow(0, new Label("Name"), name);
        GridPane bottom = new GridPane(8, 4);
        // the labels never shrink into "…"
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        bottom.getColumnConstraints().add(labels);
        int row = 0;
        bottom.addRow(row++, new Label("Redis URI"), redis);
        javafx.scene.layout.HBox passwordRow = new javafx.scene.layout.HBox(16, redisPassword, skipVerify, plaintextPassword);
        passwordRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        bottom.addRow(row++, new Label("Redis password"), passwordRow);
        bottom.addRow(row++, new Label("Poll interval (s)"), poll);
        bottom.addRow(row++, new Label("Namespace"), namespace);
        bottom.add(readOnly, 1, row++);
        bottom.add(storeSecrets, 1, row);

        Button save = new Button("Save profile");
        save.setId(SAVE_ID);
        save.setDefaultButton(true);
        save.setTooltip(new Tooltip("Write this profile to " + store.file()));
        save.setOnAction(e -> save());
        getChildren().addAll(top, new Separator(), coordinator.node(), new Separator(), blockStreamer.node(), new Separator(),
                runner.node(), new Separator(), bottom, checks, save, message);
        fill(initial);

        for (EndpointFields f : List.of(coordinator, blockStreamer, runner)) {
            f.texts().forEach(t -> t.textProperty().addListener((obs, o, n) -> showChecks()));
            f.tls().selectedProperty().addListener((obs, o, n) -> showChecks());
            f.plaintextToken().selectedProperty().addListener((obs, o, n) -> showChecks());
        }
        for (CheckBox c : List.of(skipVerify, plaintextPassword)) {
            c.selectedProperty().addListener((obs, o, n) -> showChecks());
        }
        for (javafx.scene.control.TextInputControl t : List.of(name, redis, redisPassword, poll, namespace)) {
            t.textProperty().addListener((obs, o, n) -> showChecks());
        }
        showChecks();
    }

    private javafx.stage.Window window() {
        return getScene() == null ? null : getScene().getWindow();
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
        coordinator.fill(p.coordinator());
        blockStreamer.fill(p.blockStreamer());
        runner.fill(p.runner());
        // the password goes to its own masked field; the URI field shows the rest ("user:@" keeps a
        // user name: a lone "name@" would be read as a password)
        String password = RedisUris.password(p.redis().uri());
        redis.setText(RedisUris.withoutPassword(p.redis().uri()));
        redisPassword.setText(password == null ? "" : password);
        skipVerify.setSelected(p.redis().insecureSkipVerify());
        plaintextPassword.setSelected(p.redis().allowPlaintextPassword());
        poll.setText(EndpointFields.seconds(p.redis().pollInterval()));
        namespace.setText(p.redis().snapshotterNamespace() == null ? "" : p.redis().snapshotterNamespace());
        readOnly.setSelected(p.readOnly());
        storeSecrets.setSelected(p.storeSecrets());
    }

    /** The profile the form describes; throws IllegalArgumentException with a message for the user. */
    public ConnectionProfile profile() {
        Duration interval = EndpointFields.parseSeconds(poll.getText() == null ? "" : poll.getText());
        if (interval == null) {
            throw new IllegalArgumentException("poll interval must be a number of seconds between 0 and 86400, not '" + poll.getText() + "'");
        }
        RedisSettings kept = initial == null ? null : initial.redis();
        RedisSettings redisSettings = new RedisSettings(redisUri(), interval, blank(namespace.getText()),
                kept != null && kept.cluster(), kept == null ? null : kept.caFile(), kept == null ? null : kept.commandTimeout(),
                skipVerify.isSelected(), plaintextPassword.isSelected());
        return new ConnectionProfile(name.getText(), coordinator.endpoint(), blockStreamer.endpoint(), runner.endpoint(), redisSettings,
                initial == null ? ConnectionProfile.DEFAULT_HEALTH_POLL : initial.healthPollInterval(),
                readOnly.isSelected(), storeSecrets.isSelected(),
                // not in the form yet: the logs database, metrics endpoints and history store are kept as the file has them
                initial == null ? null : initial.observability(), initial == null ? null : initial.history());
    }

    /** The URI field with the password field put into its user-info part. */
    private String redisUri() {
        return RedisUris.withPassword(redis.getText() == null ? "" : redis.getText().strip(),
                redisPassword.getText() == null ? "" : redisPassword.getText());
    }

    /** What saving now would say: the first problem that blocks it, files that cannot be read, exposed traffic. */
    public Checks checks() {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        ConnectionProfile p = null;
        try {
            p = profile();
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
        }
        for (EndpointFields f : List.of(coordinator, blockStreamer, runner)) {
            warnings.addAll(f.fileProblems());
        }
        if (p != null) {
            // what connecting would refuse blocks saving too: the form says which "insecure" box would allow it
            errors.addAll(p.insecureRefusals());
            warnings.addAll(p.securityWarnings());
        }
        return new Checks(errors, warnings);
    }

    private void showChecks() {
        Checks c = checks();
        if (c.equals(shownChecks)) {
            // typing mostly leaves the verdict as it was: keep the labels (and their CSS) untouched
            return;
        }
        shownChecks = c;
        List<Label> lines = new ArrayList<>();
        c.errors().forEach(e -> lines.add(line(e, Styles.DANGER, new FontIcon(Material2AL.ERROR))));
        c.warnings().forEach(w -> lines.add(ConnectionProfile.isInsecure(w) ? line(w, Styles.DANGER, new FontIcon(Material2MZ.WARNING))
                : line(w, Styles.WARNING, new FontIcon(Material2MZ.WARNING))));
        checks.getChildren().setAll(lines);
    }

    private static Label line(String text, String style, FontIcon icon) {
        Label l = new Label(text, icon);
        l.getStyleClass().add(style);
        l.setWrapText(true);
        return l;
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
        List<String> refused = p.insecureRefusals();
        if (!refused.isEmpty()) {
            message.setText("Not saved: " + refused.getFirst());
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
        List<String> notes = new ArrayList<>();
        try {
            notes.addAll(store.save(all));
        } catch (IOException e) {
            message.setText("Not saved: cannot write " + store.file() + ": " + e.getMessage());
            return false;
        }
        notes.addAll(checks().warnings().stream().map(w -> "Warning: " + w).toList());
        message.setText("Saved '" + p.name() + "' to " + store.file() + (notes.isEmpty() ? "" : "\n" + String.join("\n", notes)));
        if (onSaved != null) {
            onSaved.run();
        }
        return true;
    }

    public Label message() {
        return message;
    }
}
