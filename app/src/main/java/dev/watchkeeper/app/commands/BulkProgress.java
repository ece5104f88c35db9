package dev.watchkeeper.app.commands;

import dev.watchkeeper.connectors.commands.BulkCommandRun;
import dev.watchkeeper.connectors.commands.CommandOutcome;
import dev.watchkeeper.model.IndexerId;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.LinkedHashMap;
import java.util.Map;

/** A running command over one or more indexers, as the progress window shows it. FX thread only. */
public final class BulkProgress {

    /** One indexer's line: its result so far ("queued", "sent…", "confirmed", "failed: …"). */
    public static final class Item {
        private final IndexerId id;
        private final StringProperty result = new SimpleStringProperty(this, "result", "queued");
        private final StringProperty detail = new SimpleStringProperty(this, "detail", "");
        private CommandOutcome outcome;

        Item(IndexerId id) {
            this.id = id;
        }

        public IndexerId id() {
            return id;
        }

        public StringProperty resultProperty() {
            return result;
        }

        public StringProperty detailProperty() {
            return detail;
        }

        /** Null until the item ended. */
        public CommandOutcome outcome() {
            return outcome;
        }
    }

    private final CommandPlan plan;
    private final Map<IndexerId, Item> byId = new LinkedHashMap<>();
    private final ObservableList<Item> items = FXCollections.observableArrayList();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary");
    private final ReadOnlyBooleanWrapper finished = new ReadOnlyBooleanWrapper(this, "finished");
    private BulkCommandRun run;
    private int done;

    BulkProgress(CommandPlan plan) {
        this.plan = plan;
        plan.targets().forEach(r -> byId.put(r.id(), new Item(r.id())));
        items.setAll(byId.values());
        updateSummary();
    }

    void attach(BulkCommandRun run) {
        this.run = run;
    }

    public CommandPlan plan() {
        return plan;
    }

    public ObservableList<Item> items() {
        return items;
    }

    public Item item(IndexerId id) {
        return byId.get(id);
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty finishedProperty() {
        return finished.getReadOnlyProperty();
    }

    /** Sends no further items; those already sent are still followed to their outcome. */
    public void cancel() {
        if (run != null && !finished.get()) {
            run.cancel();
        }
    }

    void stage(IndexerId id, String text) {
        Item item = byId.get(id);
        if (item != null && item.outcome == null) {
            item.result.set(text);
        }
    }

    void finished(IndexerId id, CommandOutcome outcome) {
        Item item = byId.get(id);
        if (item == null || item.outcome != null) {
            return;
        }
        item.outcome = outcome;
        item.result.set(switch (outcome.status()) {
            case CONFIRMED -> "confirmed";
            case REJECTED -> "rejected";
            case FAILED -> "failed";
            case UNKNOWN -> "unknown";
            case UNAVAILABLE -> "unavailable";
            case CANCELLED -> "cancelled";
        });
        item.detail.set(outcome.detail() == null ? "" : outcome.detail());
        done++;
        progress.set(items.isEmpty() ? 1 : (double) done / items.size());
        if (done == items.size()) {
            finished.set(true);
        }
        updateSummary();
    }

    private void updateSummary() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Item i : items) {
            if (i.outcome != null) {
                counts.merge(i.result.get(), 1, Integer::sum);
            }
        }
        StringBuilder b = new StringBuilder(done + " of " + items.size() + " done");
        counts.forEach((k, v) -> b.append(", ").append(v).append(' ').append(k));
        if (!plan.skipped().isEmpty()) {
            b.append("; ").append(plan.skipped().size()).append(" skipped");
        }
        summary.set(b.toString());
    }
}
