package dev.watchkeeper.app.profiles;

import dev.watchkeeper.app.export.FileChooserService;
import dev.watchkeeper.connectors.grpc.Endpoint;
import javafx.geometry.HPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The form section of one gRPC endpoint (coordinator, block streamer or runner): target, call
 * deadline, TLS on/off, CA file, mTLS client certificate and key, bearer token. The file fields are
 * only enabled with TLS on. Node ids are the section's prefix plus a field suffix
 * ({@code prefix + TLS}, ...); the target's id is the prefix itself.
 */
final class EndpointFields {

    static final String TLS = "Tls";
    static final String CA = "Ca";
    static final String CERT = "Cert";
    static final String KEY = "Key";
    static final String BROWSE = "Browse";
    static final String TOKEN = "Token";
    static final String DEADLINE = "Deadline";
    static final String PLAINTEXT_TOKEN = "PlaintextToken";

    private final String prefix;
    private final String label;
    private final boolean required;
    private final TextField target;
    private final TextField deadline;
    private final CheckBox tls = new CheckBox("TLS");
    private final TextField ca;
    private final TextField cert;
    private final TextField key;
    private final PasswordField token = new PasswordField();
    private final CheckBox plaintextToken = new CheckBox("Insecure: token without TLS");
    /** The key passphrase has no field: kept as the profile had it (it is set in the file, usually as ${ENV_VAR}). */
    private String keptPassphrase;
    private final List<Button> browse = new ArrayList<>();
    private final GridPane grid = new GridPane(6, 4);

    /**
     * @param prefix   node-id prefix (and the target field's id)
     * @param label    how messages name this endpoint, e.g. "coordinator"
     * @param required the profile needs this endpoint
     */
    EndpointFields(String prefix, String title, String label, boolean required, FileChooserService files, Supplier<Window> owner) {
        this.prefix = prefix;
        this.label = label;
        this.required = required;
        target = field(prefix, required ? "host:port" : "host:port (optional)", 22);
        deadline = field(prefix + DEADLINE, "5", 4);
        deadline.setTooltip(new Tooltip("Deadline of every call to the " + label + ", in seconds (e.g. 5, 0.5 or 500ms)"));
        ca = field(prefix + CA, "CA file (empty: system trust store)", 20);
        cert = field(prefix + CERT, "client certificate (mTLS, PEM)", 20);
        key = field(prefix + KEY, "private key (PKCS#8 PEM)", 20);
        tls.setId(prefix + TLS);
        tls.setTooltip(new Tooltip("Verify the " + label + " over TLS; needed for a CA file and a client certificate"));
        token.setId(prefix + TOKEN);
        token.setPromptText("bearer token or ${ENV_VAR}");
        token.setPrefColumnCount(14);
        plaintextToken.setId(prefix + PLAINTEXT_TOKEN);
        // the token field gives way, never the words "without TLS"
        plaintextToken.setMinWidth(Region.USE_PREF_SIZE);
        plaintextToken.getStyleClass().add(dev.watchkeeper.app.ui.Styles.DANGER);
        plaintextToken.setTooltip(new Tooltip("Send the bearer token even though TLS is off and the " + label
                + " is not this machine: anyone on the network can read it. Refused unless ticked."));

        Label heading = new Label(title);
        heading.getStyleClass().add("wk-form-heading");
        grid.getStyleClass().add("wk-endpoint-fields");
        ColumnConstraints first = new ColumnConstraints();
        first.setMinWidth(120);
        // the middle labels never shrink into "Deadlin…"
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        grid.getColumnConstraints().addAll(first, grow(), labels, grow());
        grid.add(heading, 0, 0);
        grid.add(target, 1, 0);
        grid.add(new Label("Deadline (s)"), 2, 0);
        grid.add(new HBox(8, deadline, tls), 3, 0);
        grid.add(right(new Label("CA file")), 0, 1);
        grid.add(withBrowse(ca, files, owner, "CA certificate for the " + label), 1, 1);
        grid.add(new Label("Token"), 2, 1);
        grid.add(new HBox(6, token, plaintextToken), 3, 1);
        grid.add(right(new Label("Client cert")), 0, 2);
        grid.add(withBrowse(cert, files, owner, "Client certificate for the " + label), 1, 2);
        grid.add(new Label("Key"), 2, 2);
        grid.add(withBrowse(key, files, owner, "Private key for the " + label), 3, 2);
        deadline.setText(seconds(Endpoint.DEFAULT_DEADLINE));
        tls.selectedProperty().addListener((obs, o, on) -> enableTlsFields(on));
        enableTlsFields(false);
    }

    private static ColumnConstraints grow() {
        ColumnConstraints c = new ColumnConstraints();
        c.setHgrow(Priority.ALWAYS);
        return c;
    }

    private static Node right(Label l) {
        GridPane.setHalignment(l, HPos.RIGHT);
        return l;
    }

    private static TextField field(String id, String prompt, int columns) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(columns);
        return f;
    }

    private HBox withBrowse(TextField f, FileChooserService files, Supplier<Window> owner, String title) {
        Button b = new Button(null, new FontIcon(Material2AL.FOLDER_OPEN));
        b.setId(f.getId() + BROWSE);
        b.setTooltip(new Tooltip("Choose the " + title.substring(0, 1).toLowerCase() + title.substring(1) + " file"));
        b.setOnAction(e -> files.chooseOpenFile(owner.get(), title).ifPresent(p -> f.setText(p.toString())));
        browse.add(b);
        HBox.setHgrow(f, Priority.ALWAYS);
        return new HBox(4, f, b);
    }

    private void enableTlsFields(boolean on) {
        ca.setDisable(!on);
        cert.setDisable(!on);
        key.setDisable(!on);
        browse.forEach(b -> b.setDisable(!on));
    }

    Node node() {
        return grid;
    }

    /** Every control whose change should re-check the form. */
    List<TextInputControl> texts() {
        return List.of(target, deadline, ca, cert, key, token);
    }

    CheckBox tls() {
        return tls;
    }

    void fill(Endpoint e) {
        if (e == null) {
            return;
        }
        target.setText(e.target());
        deadline.setText(seconds(e.deadline()));
        tls.setSelected(e.tls());
        ca.setText(orEmpty(e.caFile()));
        cert.setText(orEmpty(e.clientCertFile()));
        key.setText(orEmpty(e.clientKeyFile()));
        token.setText(orEmpty(e.bearerToken()));
        plaintextToken.setSelected(e.allowPlaintextToken());
        keptPassphrase = e.clientKeyPassphrase();
    }

    CheckBox plaintextToken() {
        return plaintextToken;
    }

    /**
     * The endpoint the section describes, or null when it is optional and left empty.
     *
     * @throws IllegalArgumentException with a message for the operator, naming the endpoint
     */
    Endpoint endpoint() {
        String t = blank(target.getText());
        boolean tlsOn = tls.isSelected();
        String caFile = tlsOn ? blank(ca.getText()) : null;
        String certFile = tlsOn ? blank(cert.getText()) : null;
        String keyFile = tlsOn ? blank(key.getText()) : null;
        String bearer = blank(token.getText());
        if (t == null) {
            if (required) {
                throw new IllegalArgumentException("the " + label + " target is empty; expected host:port");
            }
            if (tlsOn || bearer != null) {
                throw new IllegalArgumentException("the " + label + " has TLS or a token set but no target; enter host:port or clear them");
            }
            return null;
        }
        if (certFile != null && keyFile == null) {
            throw new IllegalArgumentException("the " + label + " client certificate needs its private key file");
        }
        if (keyFile != null && certFile == null) {
            throw new IllegalArgumentException("the " + label + " private key file needs its client certificate");
        }
        return new Endpoint(t, tlsOn, caFile, certFile, keyFile, bearer, deadline(), plaintextToken.isSelected(),
                keyFile == null ? null : keptPassphrase);
    }

    private Duration deadline() {
        String text = deadline.getText() == null ? "" : deadline.getText().strip();
        Duration d = parseSeconds(text);
        if (d == null) {
            throw new IllegalArgumentException("the " + label + " deadline must be a positive duration of at most 24 h,"
                    + " in seconds (e.g. 5, 0.5 or 500ms), not '" + text + "'");
        }
        return d;
    }

    /** "5", "0.5", "5s", "500ms" (whitespace allowed) as a duration in (0, 24 h], else null. */
    static Duration parseSeconds(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        double scale = 1000;
        if (t.endsWith("ms")) {
            t = t.substring(0, t.length() - 2).strip();
            scale = 1;
        } else if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1).strip();
        }
        double millis;
        try {
            millis = Double.parseDouble(t) * scale;
        } catch (NumberFormatException e) {
            return null;
        }
        if (!(millis > 0 && millis <= 86_400_000)) {
            return null;
        }
        return Duration.ofMillis(Math.max(1, Math.round(millis)));
    }

    /** Files named here that cannot be read now (not an error: they may be created before connecting). */
    List<String> fileProblems() {
        List<String> out = new ArrayList<>();
        if (!tls.isSelected() || blank(target.getText()) == null) {
            return out;
        }
        check(out, "CA file", ca.getText());
        check(out, "client certificate", cert.getText());
        check(out, "private key", key.getText());
        return out;
    }

    private void check(List<String> out, String what, String path) {
        String p = blank(path);
        if (p == null || p.contains("${")) {
            // ${ENV} paths are resolved and checked when connecting
            return;
        }
        Path file;
        try {
            file = Path.of(p);
        } catch (java.nio.file.InvalidPathException e) {
            out.add("the " + label + " " + what + " '" + p + "' is not a valid file path");
            return;
        }
        if (!Files.exists(file)) {
            out.add("the " + label + " " + what + " " + p + " does not exist");
        } else if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            out.add("the " + label + " " + what + " " + p + " is not a readable file");
        }
    }

    String prefix() {
        return prefix;
    }

    static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
