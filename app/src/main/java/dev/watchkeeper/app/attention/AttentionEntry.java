package dev.watchkeeper.app.attention;

import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.model.attention.AttentionItem;
import dev.watchkeeper.model.attention.AttentionKind;
import dev.watchkeeper.model.incident.Problems;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/** One line of the attention view: an indexer's fleet row and its current most urgent problem. Updated in place. */
public final class AttentionEntry {

    private final IndexerRow row;
    private final ReadOnlyObjectWrapper<AttentionItem> item = new ReadOnlyObjectWrapper<>(this, "item");
    private AttentionKind keyKind;
    /** Every kind of problem the indexer has now, one bit per {@link AttentionKind#ordinal()} (the incidents' feed). */
    int kinds;
    private String key;

    AttentionEntry(IndexerRow row, AttentionItem item) {
        this.row = row;
        this.item.set(item);
    }

    public IndexerRow row() {
        return row;
    }

    public AttentionItem item() {
        return item.get();
    }

    public ReadOnlyObjectProperty<AttentionItem> itemProperty() {
        return item.getReadOnlyProperty();
    }

    /** The incident engine's key of the current problem ({@link Problems#key}), computed once per kind. */
    public String problemKey() {
        AttentionItem i = item.get();
        if (i.kind() != keyKind) {
            keyKind = i.kind();
            key = Problems.key(i);
        }
        return key;
    }

    void set(AttentionItem next) {
        item.set(next);
    }
}
