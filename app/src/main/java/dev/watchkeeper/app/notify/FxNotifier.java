package dev.watchkeeper.app.notify;

import javafx.geometry.Pos;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

import java.util.function.Supplier;

/** ControlsFX notifications in the bottom-right corner of the console's window. */
public final class FxNotifier implements Notifier {

    private final Supplier<Window> owner;

    public FxNotifier(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public void show(String title, String text, Runnable onClick) {
        Window w = owner.get();
        if (w == null || !w.isShowing()) {
            return;
        }
        Notifications.create().owner(w).title(title).text(text).position(Pos.BOTTOM_RIGHT)
                .hideAfter(Duration.seconds(8)).onAction(e -> onClick.run()).showWarning();
    }
}
