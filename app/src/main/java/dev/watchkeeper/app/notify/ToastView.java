package dev.watchkeeper.app.notify;

import javafx.animation.PauseTransition;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

/**
 * Notifications inside the window, one at a time, over the dashboard strip's right end (never over
 * the tables): the newest replaces the one shown. Click it to act on it; "Mute" silences its kind
 * (the app bar's muted menu lifts it again); it hides after {@link #SHOW_FOR}.
 */
public final class ToastView extends VBox implements Notifier {

    public static final String ID = "toast";
    public static final String MUTE_ID = "toastMute";
    public static final Duration SHOW_FOR = Duration.seconds(10);
    static final double WIDTH = 360;
    /** Fits inside the dashboard strip (150 px tiles). */
    static final double MAX_HEIGHT = 140;

    private final MutedKinds muted;
    private final Label title = new Label();
    private final Label text = new Label();
    private final Hyperlink mute = new Hyperlink();
    private final PauseTransition hide = new PauseTransition(SHOW_FOR);
    private Runnable onClick = () -> { };
    private String kind;

    public ToastView(MutedKinds muted) {
        super(4);
        this.muted = muted;
        setId(ID);
        getStyleClass().add("wk-toast");
        setPadding(new Insets(8, 10, 8, 10));
        setPrefWidth(WIDTH);
        setMaxWidth(WIDTH);
        setMaxHeight(MAX_HEIGHT);
        setMinHeight(Region.USE_PREF_SIZE);
        title.getStyleClass().add("wk-toast-title");
        title.setGraphic(new FontIcon(Material2AL.ERROR_OUTLINE));
        title.setWrapText(true);
        text.setWrapText(true);
        // long reasons are cut at three lines here; the tooltip and the view it opens have them whole
        text.setMaxHeight(54);
        Button close = new Button(null, new FontIcon(Material2AL.CLOSE));
        close.getStyleClass().addAll("flat", "small");
        close.setTooltip(new Tooltip("Dismiss"));
        close.setOnAction(e -> dismiss());
        close.setFocusTraversable(false);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox.setHgrow(title, Priority.ALWAYS);
        title.setMaxWidth(Double.MAX_VALUE);
        HBox head = new HBox(6, title, close);
        head.setAlignment(Pos.TOP_LEFT);
        mute.setId(MUTE_ID);
        mute.setFocusTraversable(false);
        mute.setOnAction(e -> {
            if (kind != null) {
                muted.mute(kind);
            }
            dismiss();
            e.consume();
        });
        getChildren().addAll(head, text, mute);
        setCursor(Cursor.HAND);
        setOnMouseClicked(e -> {
            if (!e.isConsumed()) {
                Runnable r = onClick;
                dismiss();
                r.run();
            }
        });
        hide.setOnFinished(e -> dismiss());
        setVisible(false);
        setManaged(false);
    }

    @Override
    public void show(String title, String text, Runnable onClick) {
        show(null, title, text, onClick);
    }

    @Override
    public void show(String kind, String title, String text, Runnable onClick) {
        this.kind = kind;
        this.onClick = onClick;
        this.title.setText(title);
        this.text.setText(text);
        Tooltip.install(this, new Tooltip(title + "\n" + text));
        mute.setText(kind == null ? "" : "Mute " + kind + " notifications");
        mute.setVisible(kind != null);
        mute.setManaged(kind != null);
        setVisible(true);
        setManaged(true);
        hide.playFromStart();
    }

    public void dismiss() {
        hide.stop();
        setVisible(false);
        setManaged(false);
    }

    public String titleText() {
        return title.getText();
    }
}
