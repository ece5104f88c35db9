package dev.watchkeeper.model.attention;

import dev.watchkeeper.model.IndexerId;

import java.time.Instant;
import java.util.Comparator;

/**
 * One indexer that needs an operator: its most urgent problem and a one-line reason.
 *
 * @param since when the problem was first observed (null when unknown)
 * @param more  how many further, less urgent problems the indexer has
 */
public record AttentionItem(IndexerId id, AttentionKind kind, String reason, Instant since, int more) {

    /** Most urgent kind first; within a kind, the oldest problem first; then by name. */
    public static final Comparator<AttentionItem> RANKING = Comparator
            .comparing(AttentionItem::kind)
            .thenComparing(AttentionItem::since, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(AttentionItem::id);
}
