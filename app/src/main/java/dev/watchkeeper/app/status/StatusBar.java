package dev.watchkeeper.app.status;

import dev.watchkeeper.app.ui.Styles;
import dev.watchkeeper.app.ui.Times;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One label per source: connection state (with the next reconnect attempt), how updates arrive,
 * and the age of its data; and a warning badge, listing the connection's security warnings in
 * its tooltip, while there are any: red when the profile allows something insecure (certificate
 * checks skipped, a secret without TLS), orange otherwise.
 */
public final class StatusBar extends HBox {

    private static final DateTimeFormatter HMS = Times.CLOCK_ZONE;

    private final SourceStatusViewModel model;
    private final Function<Source, Long> staleAfterSeconds;
    public static final String WARNINGS_ID = "status-warnings";

    private final Map<Source, Label> labels = new EnumMap<>(Source.class);
    private final Label warnings = new Label();

    public StatusBar(SourceStatusViewModel model, Function<Source, Long> staleAfterSeconds) {
        super(18);
        this.model = model;
        this.staleAfterSeconds = staleAfterSeconds;
        getStyleClass().add("wk-status-bar");
        setPadding(new Insets(4, 10, 4, 10));
        setAlignment(Pos.CENTER_LEFT);
        for (Source s : Source.values()) {
            Label l = new Label();
            l.setId("status-" + s.name().toLowerCase());
            labels.put(s, l);
            getChildren().add(l);
        }
        warnings.setId(WARNINGS_ID);
        warnings.setGraphic(new FontIcon(Material2MZ.WARNING));
        warnings.getStyleClass().addAll("wk-badge", Styles.WARNING);
        Tooltip tip = new Tooltip();
        tip.setShowDuration(javafx.util.Duration.seconds(60));
        tip.setWrapText(true);
        tip.setMaxWidth(640);
        warnings.setTooltip(tip);
        // first and never shortened: the source labels may be cut on a narrow window, this must not be
        warnings.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        getChildren().addFirst(warnings);
        model.securityWarnings().addListener((ListChangeListener<String>) c -> refreshWarnings());
        refreshWarnings();
        model.statuses().addListener((MapChangeListener<Source, SourceStatus>) c -> refresh(c.getKey()));
        model.nowProperty().addListener((obs, o, n) -> labels.keySet().forEach(this::refresh));
        labels.keySet().forEach(this::refresh);
    }

    private void refresh(Source source) {
        SourceStatus s = model.statuses().get(source);
        Label l = labels.get(source);
        Instant now = model.nowProperty().get();
        // Only Redis data has an age; a gRPC source is as fresh as its channel state says.
        boolean stale = source == Source.REDIS && model.isStale(source, staleAfterSeconds.apply(source));
        // a connected gRPC source says "ok" (its icon and tooltip say more): six full texts did not fit a 1,400-px window
        boolean quiet = source != Source.REDIS && s.state() == ConnectionState.CONNECTED;
        StringBuilder text = new StringBuilder(source.label()).append(": ").append(quiet ? "ok" : describe(s.state()));
        if (s.state() == ConnectionState.RECONNECTING && s.nextRetry() != null) {
            long in = Math.max(0, Duration.between(now, s.nextRetry()).toSeconds());
            text.append(" (next try in ").append(in).append(" s)");
        }
        // The short form fits a 1,280-px window; the tooltip has the long one (how updates arrive, the
        // absolute time with date and zone).
        StringBuilder full = new StringBuilder(source.label()).append(": ").append(describe(s.state()));
        if (source == Source.REDIS && s.mode() != null && s.state() == ConnectionState.CONNECTED) {
            text.append(" · ").append(s.mode().startsWith("live") ? "live" : s.mode());
            full.append(" · ").append(s.mode());
        }
        // gRPC channels have no data age of their own (their state is the live signal); Redis data does.
        if (source == Source.REDIS && s.lastConfirmed() != null && s.state() != ConnectionState.NOT_CONFIGURED) {
            text.append(stale ? " · STALE, data from " : " · data from ").append(Times.ago(s.lastConfirmed(), now));
            full.append(stale ? " · STALE, data as of " : " · data as of ").append(Times.exact(s.lastConfirmed()));
        }
        // Runs every second for every source: touch the scene graph only where something changed
        // (new icons, tooltips or style classes each second cost CSS passes on the FX thread).
        boolean shownAtAll = !(source.optional() && s.state() == ConnectionState.NOT_CONFIGURED);
        if (l.isVisible() != shownAtAll) {
            l.setVisible(shownAtAll);
            l.setManaged(shownAtAll);
        }
        String shown = text.toString();
        if (!shown.equals(l.getText())) {
            l.setText(shown);
        }
        org.kordamp.ikonli.Ikon ikon = icon(s.state(), stale);
        if (!(l.getGraphic() instanceof FontIcon fi) || fi.getIconCode() != ikon) {
            l.setGraphic(new FontIcon(ikon));
        }
        String style = stale ? Styles.WARNING : switch (s.state()) {
            case CONNECTED -> Styles.SUCCESS;
            case CONNECTING, RECONNECTING -> Styles.WARNING;
            case DOWN -> Styles.DANGER;
            case NOT_CONFIGURED -> Styles.MUTED;
        };
        if (!l.getStyleClass().contains(style)) {
            l.getStyleClass().removeAll(Styles.HEALTH);
            l.getStyleClass().add(style);
        }
        StringBuilder tip = new StringBuilder(full);
        if (s.state() == ConnectionState.RECONNECTING || s.state() == ConnectionState.DOWN) {
            // how long the outage lasts and how old the last good data is: stable while it lasts
            tip.append("\n").append(describe(s.state())).append(" since ").append(HMS.format(s.since()));
            tip.append(s.lastConfirmed() == null ? "; no data confirmed yet" : "; data last confirmed " + HMS.format(s.lastConfirmed()));
            if (s.nextRetry() != null) {
                tip.append("\nnext try at ").append(HMS.format(s.nextRetry()));
            }
        }
        if (s.message() != null) {
            tip.append("\n").append(s.message());
        }
        setTooltipText(l, tip.toString());
    }

    private static void setTooltipText(Label l, String tip) {
        if (l.getTooltip() == null) {
            l.setTooltip(new Tooltip(tip));
        } else if (!tip.equals(l.getTooltip().getText())) {
            l.getTooltip().setText(tip);
        }
    }

    private void refreshWarnings() {
        var list = model.securityWarnings();
        // a setting the profile explicitly allows although it is insecure: red, and said first
        boolean insecure = list.stream().anyMatch(ConnectionProfile::isInsecure);
        String count = list.size() == 1 ? "1 security warning" : list.size() + " security warnings";
        warnings.setText(insecure ? "Insecure · " + count : count);
        String style = insecure ? Styles.DANGER : Styles.WARNING;
        if (!warnings.getStyleClass().contains(style)) {
            warnings.getStyleClass().removeAll(Styles.WARNING, Styles.DANGER);
            warnings.getStyleClass().add(style);
        }
        warnings.getTooltip().setText(String.join("\n", list));
        warnings.setVisible(!list.isEmpty());
        warnings.setManaged(!list.isEmpty());
    }

    private static String describe(ConnectionState state) {
        return switch (state) {
            case NOT_CONFIGURED -> "not configured";
            case CONNECTING -> "connecting…";
            case CONNECTED -> "connected";
            case RECONNECTING -> "reconnecting";
            case DOWN -> "down";
        };
    }

    private static org.kordamp.ikonli.Ikon icon(ConnectionState state, boolean stale) {
        if (stale) {
            return Material2AL.ACCESS_TIME;
        }
        return switch (state) {
            case CONNECTED -> Material2AL.CHECK_CIRCLE;
            case CONNECTING, RECONNECTING -> Material2MZ.SYNC;
            case DOWN -> Material2AL.ERROR;
            case NOT_CONFIGURED -> Material2AL.BLOCK;
        };
    }
}
