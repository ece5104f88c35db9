package dev.watchkeeper.app.notify;

import javafx.collections.SetChangeListener;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

/** The app bar's "N muted" button, shown while any notification kind is muted: each item unmutes one. */
public final class MutedMenu extends MenuButton {

    public static final String ID = "mutedNotifications";

    public MutedMenu(MutedKinds muted) {
        setId(ID);
        setGraphic(new FontIcon(Material2MZ.NOTIFICATIONS_OFF));
        setTooltip(new Tooltip("Notification kinds you muted; choose one to hear about it again"));
        setFocusTraversable(false);
        muted.kinds().addListener((SetChangeListener<String>) c -> refresh(muted));
        refresh(muted);
    }

    private void refresh(MutedKinds muted) {
        getItems().clear();
        for (String kind : muted.kinds()) {
            MenuItem unmute = new MenuItem("Unmute " + kind);
            unmute.setId("unmute-" + kind);
            unmute.setOnAction(e -> muted.unmute(kind));
            getItems().add(unmute);
        }
        int n = muted.kinds().size();
        setText(n + " muted");
        setVisible(n > 0);
        setManaged(n > 0);
    }
}
