package dev.watchkeeper.app.profiles;

import dev.watchkeeper.app.ui.Styles;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import java.util.List;
import java.util.function.Consumer;

/**
 * The connection profile combo in the app bar, with a "read-only" badge for profiles that
 * disable every command, and a warning mark on profiles whose settings are insecure (the reasons
 * in its tooltip), so the operator sees it before switching. Choosing another profile asks the
 * application to switch sessions.
 */
public final class ProfileSwitcher extends HBox {

    public static final String COMBO_ID = "profileCombo";
    public static final String READ_ONLY_BADGE_ID = "readOnlyBadge";

    private final ComboBox<ProfileChoice> combo = new ComboBox<>();
    private final Label badge = new Label("READ-ONLY", new FontIcon(Material2AL.LOCK));
    private boolean updating;

    public ProfileSwitcher(List<ProfileChoice> profiles, ProfileChoice current, Consumer<ProfileChoice> onSwitch) {
        super(6);
        setAlignment(Pos.CENTER_LEFT);
        combo.setId(COMBO_ID);
        combo.setTooltip(new Tooltip("Connection profile: switching closes this connection and opens the chosen one"));
        ObservableList<ProfileChoice> items = FXCollections.observableArrayList(profiles);
        if (!items.contains(current)) {
            items.addFirst(current);
        }
        combo.setItems(items);
        combo.setCellFactory(list -> new ChoiceCell());
        combo.setButtonCell(new ChoiceCell());
        combo.getSelectionModel().select(current);
        badge.setId(READ_ONLY_BADGE_ID);
        badge.getStyleClass().addAll("wk-badge", "wk-warning");
        badge.setTooltip(new Tooltip("Read-only (the profile, or --read-only for the whole session): every command is disabled and none is sent"));
        showBadge(current);
        combo.valueProperty().addListener((obs, old, next) -> {
            if (!updating && next != null && !next.equals(old)) {
                showBadge(next);
                onSwitch.accept(next);
            }
        });
        getChildren().addAll(new Label("Profile"), combo, badge);
    }

    private void showBadge(ProfileChoice p) {
        badge.setVisible(p != null && p.readOnly());
        badge.setManaged(badge.isVisible());
    }

    /** A profile's name, with a warning icon and the reasons as tooltip when its settings are insecure. */
    static final class ChoiceCell extends ListCell<ProfileChoice> {
        private final FontIcon warning = new FontIcon(Material2MZ.WARNING);

        ChoiceCell() {
            warning.getStyleClass().add(Styles.WARNING);
        }

        @Override
        protected void updateItem(ProfileChoice p, boolean empty) {
            super.updateItem(p, empty);
            if (empty || p == null) {
                setText(null);
                setGraphic(null);
                Styles.setTooltip(this, null);
                return;
            }
            setText(p.name());
            boolean insecure = !p.warnings().isEmpty();
            setGraphic(insecure ? warning : null);
            Styles.setTooltip(this, insecure ? String.join("\n", p.warnings()) : p.description());
        }
    }

    public ComboBox<ProfileChoice> combo() {
        return combo;
    }
}
