package dev.watchkeeper.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealthListingsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final IndexerId A = new IndexerId("a.near", "one");
    private static final IndexerId B = new IndexerId("b.near", "two");
    private static final IndexerId C = new IndexerId("c.near", "three");

    private final HealthListings listings = new HealthListings();

    private static HealthBatch streams(StreamStatus... s) {
        return new HealthBatch(Source.BLOCK_STREAMER, List.of(s), List.of(), true, T0);
    }

    @Test
    void eachListingSaysWhatChangedSinceItsSourcesListingBefore() {
        HealthListing first = listings.of(streams(new StreamStatus(A, "s", 1, StreamHealth.RUNNING, 10),
                new StreamStatus(B, "s", 1, StreamHealth.RUNNING, 10)));
        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.previous()).as("nothing to compare with").isZero();
        assertThat(first.changed()).containsExactlyInAnyOrder(A, B);

        HealthListing second = listings.of(streams(new StreamStatus(A, "s", 1, StreamHealth.RUNNING, 12),
                new StreamStatus(C, "s", 1, StreamHealth.STALLED, 12)));
        assertThat(second.previous()).isEqualTo(1);
        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.timeOnly()).as("only updated_at moved").containsExactly(A);
        assertThat(second.changed()).as("B gone, C new").containsExactlyInAnyOrder(B, C);
        assertThat(second.streams()).containsOnlyKeys(A, C);

        HealthListing third = listings.of(streams(new StreamStatus(A, "s", 2, StreamHealth.RUNNING, 12),
                new StreamStatus(C, "s", 1, StreamHealth.STALLED, 12)));
        assertThat(third.changed()).as("a new version is a change").containsExactly(A);
        assertThat(third.timeOnly()).isEmpty();
    }

    @Test
    void sourcesAreNumberedApartAndAPartialBatchIsRefused() {
        listings.of(streams(new StreamStatus(A, "s", 1, StreamHealth.RUNNING, 10)));
        HealthListing runner = listings.of(new HealthBatch(Source.RUNNER, List.of(),
                List.of(new ExecutorStatus(A, "x", 1, ExecutorHealth.RUNNING)), true, T0));
        assertThat(runner.seq()).isEqualTo(1);
        assertThat(runner.executors()).containsOnlyKeys(A);
        assertThat(runner.changed()).containsExactly(A);
        assertThatThrownBy(() -> listings.of(new HealthBatch(Source.RUNNER, List.of(), List.of(), false, T0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLaterListingOfASourceFoldsAwayItsEarlierOnesInAHandOff() {
        HealthListing one = listings.of(streams(new StreamStatus(A, "s", 1, StreamHealth.RUNNING, 10)));
        HealthListing two = listings.of(streams(new StreamStatus(A, "s", 1, StreamHealth.RUNNING, 12)));
        StateBatch states = StateBatch.full(List.of(IndexerState.of(A, LifecycleState.RUNNING, true)), T0);
        assertThat(FleetBatches.coalesce(List.of(one, states, two))).containsExactly(states, two);
    }

    /** What the fleet and the detail history keep from one listing to the next is the previous listing's objects where they still say the same. */
    @Test
    void aListingKeepsThePreviousObjectsWhereTheyStillSayTheSame() {
        HealthListing first = listings.of(streams(new StreamStatus(A, "s-1", 1, StreamHealth.RUNNING, 10),
                new StreamStatus(B, "s-2", 1, StreamHealth.RUNNING, 10)));
        StreamStatus a1 = first.streams().get(A);
        StreamStatus b1 = first.streams().get(B);
        IndexerId freshA = new IndexerId("a.near", "one");
        HealthListing second = listings.of(streams(new StreamStatus(freshA, new String("s-1"), 1, StreamHealth.RUNNING, 12),
                new StreamStatus(new IndexerId("b.near", "two"), "s-2", 1, StreamHealth.RUNNING, 10)));

        StreamStatus a2 = second.streams().get(A);
        assertThat(a2.updatedAtSecs()).isEqualTo(12);
        assertThat(a2.id()).as("the previous indexer ID object").isSameAs(a1.id()).isNotSameAs(freshA);
        assertThat(a2.streamId()).as("the previous stream ID string").isSameAs(a1.streamId());
        assertThat(second.streams().get(B)).as("unchanged: the previous object").isSameAs(b1);
        assertThat(second.batch().streams()).as("the listing handed on holds the same objects").containsExactly(a2, b1);
        assertThat(second.batch().streams().get(0)).isSameAs(a2);

        HealthListing runner1 = listings.of(new HealthBatch(Source.RUNNER, List.of(),
                List.of(new ExecutorStatus(A, "x", 1, ExecutorHealth.RUNNING)), true, T0));
        HealthListing runner2 = listings.of(new HealthBatch(Source.RUNNER, List.of(),
                List.of(new ExecutorStatus(freshA, "x", 1, ExecutorHealth.RUNNING)), true, T0));
        assertThat(runner2.executors().get(A)).isSameAs(runner1.executors().get(A));
        assertThat(runner2.changed()).isEmpty();
    }
}
