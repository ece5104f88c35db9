package dev.watchkeeper.app.history;

import dev.watchkeeper.app.ui.Styles;
import dev.watchkeeper.cli.TimeConverter;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import picocli.CommandLine;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The time bar under the dashboard: where the console stands (Live, or "History: 03:12:00" with the
 * date when not today and the zone), a slider over the span the store holds, a field to type a
 * moment (the command line's forms: "03:12", "2026-11-30 03:12", "15m"), playback at 1x, 10x and 60x,
 * Live, "What changed", and how recording goes, with the count of changes that could not be recorded.
 */
public final class TimeBar extends HBox {

    public static final String MARKER_ID = "historyMarker";
    public static final String SLIDER_ID = "timeSlider";
    public static final String FIELD_ID = "timeField";
    public static final String LIVE_ID = "liveButton";
    public static final String PAUSE_ID = "pauseButton";
    public static final String CHANGES_ID = "whatChangedButton";
    public static final String RECORDING_ID = "historyRecording";
    public static final String MESSAGE_ID = "historyMessage";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm:ss");
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz");

    private final RewindModel model;
    private final ZoneId zone;
    private final Label marker = new Label();
    private final Slider slider = new Slider(0, 1, 1);
    private final TextField field = new TextField();
    private final Label message = new Label();
    private final Label recording = new Label();
    private final ToggleGroup speeds = new ToggleGroup();
    private boolean moving;

    /** @param onChanges opens the "what changed" list */
    public TimeBar(RewindModel model, SessionHistory history, ZoneId zone, Runnable onChanges) {
        super(8);
        this.model = model;
        this.zone = zone;
        getStyleClass().add("wk-time-bar");
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(4, 8, 4, 8));

        marker.setId(MARKER_ID);
        marker.setMinWidth(USE_PREF_SIZE);
        slider.setId(SLIDER_ID);
        HBox.setHgrow(slider, Priority.ALWAYS);
        slider.setMinWidth(100);
        slider.valueProperty().addListener((obs, o, v) -> {
            if (!moving) {
                model.rewindTo(Instant.ofEpochMilli(Math.round(v.doubleValue())));
            }
        });
        field.setId(FIELD_ID);
        field.setPromptText("03:12 · 2026-11-30 03:12 · 15m");
        field.setPrefColumnCount(10);
        field.setTooltip(new Tooltip("A moment to show: a time today (03:12), a date and time, ISO-8601, or how long ago (15m, 2h)"));
        field.setOnAction(e -> typed());

        HBox play = new HBox(2);
        for (int factor : new int[] {1, 10, 60}) {
            ToggleButton b = new ToggleButton(factor + "×", new FontIcon(Material2MZ.PLAY_ARROW));
            b.setId("play" + factor);
            b.setToggleGroup(speeds);
            b.setUserData(factor);
            b.setTooltip(new Tooltip("Play forward from the moment shown at " + factor + "× real time"));
            b.setFocusTraversable(false);
            b.disableProperty().bind(model.rewoundProperty().not());
            play.getChildren().add(b);
        }
        speeds.selectedToggleProperty().addListener((obs, o, t) -> {
            if (moving) {
                return;
            }
            if (t == null) {
                model.pause();
            } else {
                model.play((Integer) t.getUserData());
            }
        });
        Button pause = new Button(null, new FontIcon(Material2MZ.PAUSE));
        pause.setId(PAUSE_ID);
        pause.setTooltip(new Tooltip("Pause playback"));
        pause.setOnAction(e -> model.pause());
        pause.disableProperty().bind(model.speedProperty().isEqualTo(0));
        Button live = new Button("Live", new FontIcon(Material2AL.FIBER_MANUAL_RECORD));
        live.setId(LIVE_ID);
        live.setTooltip(new Tooltip("Back to the fleet as it is now"));
        live.setOnAction(e -> model.live());
        live.disableProperty().bind(model.rewoundProperty().not());
        Button changes = new Button("Changes…", new FontIcon(Material2AL.COMPARE_ARROWS));
        changes.setId(CHANGES_ID);
        changes.setTooltip(new Tooltip("What changed: transitions and commands between two moments"));
        changes.setOnAction(e -> onChanges.run());
        message.setId(MESSAGE_ID);
        message.getStyleClass().add(Styles.MUTED);
        message.setMinWidth(0);
        recording.setId(RECORDING_ID);
        recording.setMinWidth(USE_PREF_SIZE);

        for (javafx.scene.control.Control c : new javafx.scene.control.Control[] {pause, live, changes}) {
            c.setMinWidth(USE_PREF_SIZE);
        }
        play.getChildren().forEach(b -> ((javafx.scene.control.Control) b).setMinWidth(USE_PREF_SIZE));
        play.setMinWidth(USE_PREF_SIZE);
        HBox.setHgrow(message, Priority.SOMETIMES);
        message.setMaxWidth(Double.MAX_VALUE);
        field.setMinWidth(90);
        getChildren().addAll(marker, slider, field, play, pause, live, changes, message, recording);

        model.targetProperty().addListener((obs, o, t) -> refresh());
        model.shownAtProperty().addListener((obs, o, t) -> refresh());
        model.spanProperty().addListener((obs, o, s) -> refresh());
        model.speedProperty().addListener((obs, o, s) -> {
            moving = true;
            speeds.getToggles().stream().filter(tg -> tg.getUserData().equals(s.intValue())).findFirst()
                    .ifPresentOrElse(speeds::selectToggle, () -> speeds.selectToggle(null));
            moving = false;
        });
        model.errorProperty().addListener((obs, o, m) -> refresh());
        model.frameProperty().addListener((obs, o, f) -> refresh());
        if (history != null) {
            history.statusProperty().addListener((obs, o, s) -> showRecording(s));
            showRecording(history.statusProperty().get());
        }
        refresh();
    }

    private void typed() {
        String text = field.getText();
        if (text == null || text.isBlank()) {
            return;
        }
        try {
            Instant t = new TimeConverter().convert(text);
            model.rewindTo(t);
            field.clear();
        } catch (CommandLine.TypeConversionException e) {
            message.setText(e.getMessage());
        }
    }

    private void showRecording(SessionHistory.Status s) {
        String dropped = s.dropped() == 0 ? "" : " · " + s.dropped() + " changes not recorded";
        String head = switch (s.mode()) {
            case OPENING -> "History opening…";
            case RECORDING -> "● Recording";
            case READING -> "History: read only";
            case FAILED -> "No history";
        };
        recording.setText(head + dropped);
        recording.setTooltip(new Tooltip(s.text() + (s.dropped() == 0 ? "" : "\n" + s.dropped()
                + " changes could not be recorded (the disk could not keep up); the store marks them as a gap")));
        recording.getStyleClass().removeAll(Styles.WARNING, Styles.DANGER, Styles.MUTED);
        recording.getStyleClass().add(s.mode() == SessionHistory.Mode.FAILED ? Styles.DANGER
                : s.dropped() > 0 ? Styles.WARNING : Styles.MUTED);
    }

    private void refresh() {
        HistorySource.Span span = model.spanProperty().get();
        Instant target = model.targetProperty().get();
        Instant shown = model.shownAtProperty().get();
        moving = true;
        try {
            if (span.start() != null && span.end() != null) {
                slider.setMin(span.start().toEpochMilli());
                slider.setMax(Math.max(span.start().toEpochMilli() + 1, span.end().toEpochMilli()));
                slider.setDisable(false);
                slider.setValue(target == null ? slider.getMax() : Math.min(slider.getMax(), target.toEpochMilli()));
            } else {
                slider.setDisable(true);
            }
        } finally {
            moving = false;
        }
        marker.getStyleClass().removeAll(Styles.SUCCESS, Styles.WARNING, "wk-badge");
        marker.getStyleClass().add("wk-badge");
        if (target == null) {
            marker.setText("Live");
            marker.setGraphic(new FontIcon(Material2AL.FIBER_MANUAL_RECORD));
            marker.getStyleClass().add(Styles.SUCCESS);
            marker.setTooltip(new Tooltip("The console shows the fleet as it is now"));
        } else {
            Instant at = shown != null ? shown : target;
            marker.setText("History: " + label(at));
            marker.setGraphic(new FontIcon(Material2AL.HISTORY));
            marker.getStyleClass().add(Styles.WARNING);
            marker.setTooltip(new Tooltip("The views show the fleet as recorded at " + FULL.withZone(zone).format(at)
                    + ". Commands are disabled; press Live to return."));
        }
        message.setText(note(target, span));
    }

    /** "03:12:00 CET" today, else with the day: "Sun 29 Nov 03:12:00 CET". */
    String label(Instant at) {
        boolean today = LocalDate.ofInstant(at, zone).equals(LocalDate.now(zone));
        return (today ? TIME : DATE_TIME).withZone(zone).format(at) + " " + zone.getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ROOT)
                .replace("Coordinated Universal Time", "UTC");
    }

    private String note(Instant target, HistorySource.Span span) {
        String error = model.errorProperty().get();
        if (error != null) {
            return error;
        }
        HistoryFrame f = model.frameProperty().get();
        if (target == null) {
            return span.start() == null ? "nothing recorded yet" : "history from " + FULL.withZone(zone).format(span.start());
        }
        if (span.start() == null || target.isBefore(span.start())) {
            return span.start() == null ? "nothing recorded yet" : "before the history starts (" + FULL.withZone(zone).format(span.start()) + ")";
        }
        if (f != null && f.gap() != null) {
            return "gap in the history: " + f.gap().reason();
        }
        if (span.end() != null && target.isAfter(span.end())) {
            return "after the last recorded moment: the fleet as last recorded";
        }
        return "";
    }
}
