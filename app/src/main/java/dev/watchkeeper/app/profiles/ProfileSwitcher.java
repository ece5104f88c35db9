package dev.watchkeeper.app.profiles;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

import java.util.List;
import java.util.function.Consumer;

/**
 * The connection profile combo in the app bar, with a "read-only" badge for profiles that
 * disable every command. Choosing another profile asks the application to switch sessions.
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
        combo.getSelectionModel().select(current);
        badge.setId(READ_ONLY_BADGE_ID);
        badge.getStyleClass().addAll("wk-badge", "wk-warning");
        badge.setTooltip(new Tooltip("This profile is read-only: every command is disabled"));
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

    public ComboBox<ProfileChoice> combo() {
        return combo;
    }
}
