package dev.watchkeeper.model.incident;

import dev.watchkeeper.model.IndexerId;

import java.time.Instant;
import java.util.Objects;

/**
 * One observed problem, the unit the incident engine groups: an attention item of one indexer, a
 * failed pooler step of one project, or a source that went down. Fields that do not apply are null.
 *
 * @param key         stable identity while the problem lasts (e.g. {@code indexer:acc/fn:STALLED_STREAM})
 * @param kind        what kind of problem: an {@code AttentionKind} name, {@link #POOLER_FAILURE},
 *                    {@link #SOURCE_DOWN}, or any future kind (grouped by its name alone)
 * @param kindLabel   the kind for a human ("Stream stalled")
 * @param subject     what has the problem, for a human: an indexer's full name, a project ID, a source
 * @param indexer     the indexer, when the problem is an indexer's (commands can target it)
 * @param start       when it began, as well as the console can tell
 * @param reason      one line for a human
 * @param blockHeight the indexer's last published block when the problem was seen
 * @param epochId     pooler failures: the epoch
 * @param stateId     pooler failures: the processing state that failed
 * @param error       pooler failures: the error text
 * @param source      source outages: the source's name
 * @param population  how many subjects could have had this problem (pooler: projects in the epoch's state), null when unknown;
 *                    an incident needs at least {@link IncidentSettings#minShare()} of them
 */
public record Problem(String key, String kind, String kindLabel, String subject, IndexerId indexer, Instant start,
                     String reason, Long blockHeight, Long epochId, String stateId, String error, String source, Integer population) {

    public static final String POOLER_FAILURE = "POOLER_FAILURE";
    public static final String SOURCE_DOWN = "SOURCE_DOWN";

    public Problem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        kindLabel = kindLabel == null ? kind : kindLabel;
        subject = subject == null ? key : subject;
        reason = reason == null ? "" : reason;
    }

    /** A problem of a kind the engine knows nothing about: grouped by kind and time alone. */
    public static Problem of(String key, String kind, String subject, Instant start, String reason) {
        return new Problem(key, kind, kind, subject, null, start, reason, null, null, null, null, null, null);
    }
}
