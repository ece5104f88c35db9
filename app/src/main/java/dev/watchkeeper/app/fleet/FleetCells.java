package dev.watchkeeper.app.fleet;

import dev.watchkeeper.app.ui.Styles;
import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.StreamFreshness;
import dev.watchkeeper.model.StreamHealth;
import dev.watchkeeper.model.attention.HumanDuration;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.TableCell;
import org.kordamp.ikonli.javafx.FontIcon;

import java.time.Duration;
import java.time.Instant;

/** Table cells of the fleet: health as icon + text + colour, and ages that tick with the console clock. */
final class FleetCells {

    /** What the stream-health column shows; sorted by health, then by freshness. */
    record StreamCell(StreamHealth health, long updatedAtSecs) implements Comparable<StreamCell> {
        @Override
        public int compareTo(StreamCell o) {
            int c = health.compareTo(o.health);
            return c != 0 ? c : Long.compare(o.updatedAtSecs, updatedAtSecs);
        }
    }

    /** When the current state began; {@code exact} false when it began before the console connected. */
    record Since(Instant at, boolean exact) {
    }

    private FleetCells() {
    }

    /** A cell that re-renders once a second from the clock, without holding the clock's listeners forever. */
    abstract static class Ticking<T> extends TableCell<IndexerRow, T> {
        protected final ObservableValue<Instant> now;
        private final InvalidationListener tick = o -> render(getItem(), isEmpty());
        protected final FontIcon icon = new FontIcon();

        Ticking(ObservableValue<Instant> now) {
            this.now = now;
            now.addListener(new WeakInvalidationListener(tick));
        }

        @Override
        protected void updateItem(T item, boolean empty) {
            super.updateItem(item, empty);
            render(item, empty);
        }

        abstract void render(T item, boolean empty);

        protected long nowSecs() {
            Instant n = now.getValue();
            return (n == null ? Instant.now() : n).getEpochSecond();
        }
    }

    static final class StreamHealthCell extends Ticking<StreamCell> {
        StreamHealthCell(ObservableValue<Instant> now) {
            super(now);
            getStyleClass().add("wk-stream-cell");
        }

        @Override
        void render(StreamCell v, boolean empty) {
            if (empty || v == null) {
                Styles.setHealth(this, null);
                setText(null);
                setGraphic(null);
                Styles.setTooltip(this, null);
                return;
            }
            icon.setIconCode(Styles.iconForStream(v.health()));
            setGraphic(icon);
            // the row's own updated_at: a listing that moved only that is not a row change, and this
            // cell re-renders on every clock tick
            IndexerRow row = getTableRow() == null ? null : getTableRow().getItem();
            long updatedAt = row != null && row.streamHealth() == v.health() ? row.streamUpdatedAtSecs() : v.updatedAtSecs();
            StreamFreshness fresh = StreamFreshness.of(v.health(), updatedAt, Instant.ofEpochSecond(nowSecs()));
            String text = Styles.streamText(v.health(), fresh);
            String cls = Styles.forStream(v.health(), fresh);
            String tip = switch (fresh.state()) {
                case UNKNOWN -> "No stream health: the block streamer is not configured, not reachable, or has no stream for this indexer";
                case NO_REPORT -> "The stream reports no health (treated as unhealthy upstream)";
                case FRESH, STALE -> "Health updated_at " + Instant.ofEpochSecond(updatedAt) + "; stale after "
                        + StreamHealth.STALE_AFTER_SECONDS + " s";
            };
            setText(text);
            Styles.setTooltip(this, tip);
            Styles.setHealth(this, cls);
        }
    }

    static final class ExecutorHealthCell extends TableCell<IndexerRow, ExecutorHealth> {
        private final FontIcon icon = new FontIcon();

        ExecutorHealthCell() {
            getStyleClass().add("wk-executor-cell");
        }

        @Override
        protected void updateItem(ExecutorHealth h, boolean empty) {
            super.updateItem(h, empty);
            if (empty || h == null) {
                Styles.setHealth(this, null);
                setText(null);
                setGraphic(null);
                return;
            }
            icon.setIconCode(Styles.iconForExecutor(h));
            setGraphic(icon);
            setText(Styles.healthText(h));
            Styles.setHealth(this, Styles.forExecutor(h));
        }
    }

    /** "4 min 12 s" since the given instant, ticking. */
    static final class SinceCell extends Ticking<Since> {
        SinceCell(ObservableValue<Instant> now) {
            super(now);
            getStyleClass().add("wk-since-cell");
        }

        @Override
        void render(Since since, boolean empty) {
            if (empty || since == null || since.at() == null) {
                setText(null);
                Styles.setTooltip(this, null);
                return;
            }
            String d = HumanDuration.format(Duration.ofSeconds(Math.max(0, nowSecs() - since.at().getEpochSecond())));
            setText(since.exact() ? d : "≥ " + d);
            Styles.setTooltip(this, since.exact() ? null : "Already in this state when the console connected: at least this long");
        }
    }

    /** A number, or "unknown" (muted) when missing; the problem, if any, in a tooltip. */
    static final class NumberCell extends TableCell<IndexerRow, Long> {
        NumberCell() {
            getStyleClass().add("wk-number-cell");
        }

        @Override
        protected void updateItem(Long n, boolean empty) {
            super.updateItem(n, empty);
            if (empty) {
                Styles.setHealth(this, null);
                setText(null);
                Styles.setTooltip(this, null);
                return;
            }
            IndexerRow row = getTableRow() == null ? null : getTableRow().getItem();
            String problem = row == null ? null : row.progressProblem();
            Styles.setHealth(this, n == null ? Styles.MUTED : null);
            setText(n == null ? problem == null ? "unknown" : "unreadable ⚠" : String.format("%,d", n));
            Styles.setTooltip(this, problem);
        }
    }
}
