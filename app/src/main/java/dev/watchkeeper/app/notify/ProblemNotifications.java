package dev.watchkeeper.app.notify;

import dev.watchkeeper.app.attention.AttentionEntry;
import dev.watchkeeper.app.fleet.IndexerRow;

import java.util.List;
import java.util.function.Consumer;

/**
 * Turns newly appeared problems into notifications: one per indexer when a few arrive together,
 * one grouped notification when many do (a fleet-wide outage must not bury the screen).
 */
public final class ProblemNotifications implements Consumer<List<AttentionEntry>> {

    /** More new problems than this at once are grouped into one notification. */
    public static final int GROUP_ABOVE = 3;

    private final Notifier notifier;
    private final Consumer<IndexerRow> openDetail;
    private final Runnable openAttention;

    public ProblemNotifications(Notifier notifier, Consumer<IndexerRow> openDetail, Runnable openAttention) {
        this.notifier = notifier;
        this.openDetail = openDetail;
        this.openAttention = openAttention;
    }

    @Override
    public void accept(List<AttentionEntry> fresh) {
        if (fresh.size() > GROUP_ABOVE) {
            var kinds = fresh.stream().map(e -> e.item().kind()).distinct().toList();
            notifier.show(kinds.size() == 1 ? kinds.getFirst().label() : null, fresh.size() + " indexers need an operator",
                    "Newly stalled or Repairing, e.g. " + fresh.getFirst().row().id().fullName() + ": " + fresh.getFirst().item().reason(),
                    openAttention);
            return;
        }
        for (AttentionEntry e : fresh) {
            notifier.show(e.item().kind().label(), e.item().kind().label() + ": " + e.row().id().fullName(), e.item().reason(), () -> openDetail.accept(e.row()));
        }
    }
}
