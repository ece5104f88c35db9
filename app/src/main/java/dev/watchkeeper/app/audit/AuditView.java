package dev.watchkeeper.app.audit;

import dev.watchkeeper.app.ui.OnScreen;
import dev.watchkeeper.model.audit.AuditEntry;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

import java.time.format.DateTimeFormatter;
import java.util.List;

/** The audit log: every command, newest first, live; and a button that verifies the hash chain. */
public final class AuditView extends BorderPane {

    public static final String TABLE_ID = "auditTable";
    public static final String VERIFY_ID = "auditVerify";
    public static final String VERIFICATION_ID = "auditVerification";
    public static final String FRESHNESS_ID = "auditFreshness";
    private static final DateTimeFormatter TIME = dev.watchkeeper.app.ui.Times.DATE_TIME;
    static final DateTimeFormatter CLOCK = dev.watchkeeper.app.ui.Times.CLOCK;

    private final AuditViewModel model;

    public AuditView(AuditViewModel model) {
        this.model = model;
        getStyleClass().add("wk-audit");
        setPadding(new Insets(8));

        TableView<AuditEntry> table = new TableView<>(model.entries());
        table.setId(TABLE_ID);
        table.setPlaceholder(new Label("No commands recorded yet in " + model.log().file()));
        table.getColumns().setAll(List.of(
                column("Time", 140, e -> TIME.format(e.time())),
                column("User", 80, AuditEntry::user),
                column("Profile", 90, AuditEntry::profile),
                column("Command", 80, AuditEntry::command),
                column("Targets", 200, e -> String.join(", ", e.targets())),
                column("Reason", 140, AuditEntry::reason),
                column("Outcome", 100, AuditEntry::outcome),
                column("Detail", 260, AuditEntry::detail)));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        setCenter(table);

        Button verify = new Button("Verify chain", new FontIcon(Material2MZ.VERIFIED_USER));
        verify.setId(VERIFY_ID);
        verify.setOnAction(e -> model.verify());
        Label verification = new Label();
        verification.setId(VERIFICATION_ID);
        verification.textProperty().bind(model.verificationProperty());
        // "as of" moves with every read of the file (each second): updated while the view is shown
        Label freshness = new Label();
        freshness.setId(FRESHNESS_ID);
        Runnable refresh = () -> freshness.setText(freshnessText());
        javafx.beans.InvalidationListener changed = o -> {
            if (OnScreen.isShown(freshness)) {
                refresh.run();
            }
        };
        model.problemProperty().addListener(changed);
        model.readAtProperty().addListener(changed);
        model.entries().addListener(changed);
        model.totalProperty().addListener(changed);
        OnScreen.whenShownAgain(this, refresh);
        refresh.run();
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, verify, verification, spacer, freshness);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(0, 0, 8, 0));
        setTop(bar);
    }

    private String freshnessText() {
        if (model.problemProperty().get() != null) {
            return "Cannot read the audit log: " + model.problemProperty().get();
        }
        return model.readAtProperty().get() == null ? "reading " + model.log().file() + "…"
                : shownCount(model.entries().size(), model.totalProperty().get()) + " · " + model.log().file() + " · as of "
                + CLOCK.format(model.readAtProperty().get());
    }

    private static TableColumn<AuditEntry, String> column(String title, double width, java.util.function.Function<AuditEntry, String> value) {
        TableColumn<AuditEntry, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /** "12 entries", or "newest 5,000 of 12,345 entries" when the view holds only the newest. */
    static String shownCount(int shown, int total) {
        return total > shown ? String.format(java.util.Locale.ROOT, "newest %,d of %,d entries", shown, total) : shown + " entries";
    }
}
