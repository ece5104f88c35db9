package dev.watchkeeper.app.fleet;

import dev.watchkeeper.app.detail.DetailHistory;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.HealthListing;
import dev.watchkeeper.model.HealthListings;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.StreamHealth;
import dev.watchkeeper.model.StreamStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What a block streamer's listing that moved only updated_at costs and shows. */
class HealthListingFastPathTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final IndexerId A = new IndexerId("a.near", "one");
    private static final IndexerId B = new IndexerId("b.near", "two");

    private final HealthListings listings = new HealthListings();

    private HealthListing streams(long updatedAt, StreamHealth b) {
        return listings.of(new HealthBatch(Source.BLOCK_STREAMER, List.of(
                new StreamStatus(A, "s1", 1, StreamHealth.RUNNING, updatedAt),
                new StreamStatus(B, "s2", 1, b, updatedAt)), List.of(), true, T0.plusSeconds(updatedAt)));
    }

    @Test
    void aListingThatMovedOnlyUpdatedAtChangesNoRowYetEveryRowShowsTheNewTime() {
        FleetViewModel vm = new FleetViewModel();
        vm.applyAll(List.of(StateBatch.full(List.of(IndexerState.of(A, LifecycleState.RUNNING, true),
                IndexerState.of(B, LifecycleState.RUNNING, true)), T0)));
        vm.applyAll(List.of(streams(100, StreamHealth.RUNNING)));
        int changes = vm.changesProperty().get();
        int revision = vm.row(A).revisionProperty().get();

        vm.applyAll(List.of(streams(102, StreamHealth.RUNNING)));

        assertThat(vm.changesProperty().get()).as("not a fleet change").isEqualTo(changes);
        assertThat(vm.row(A).revisionProperty().get()).as("the row is not touched").isEqualTo(revision);
        assertThat(vm.row(A).streamUpdatedAtSecs()).isEqualTo(102);
        assertThat(vm.row(B).stream().updatedAtSecs()).isEqualTo(102);

        vm.applyAll(List.of(streams(104, StreamHealth.STALLED)));

        assertThat(vm.changesProperty().get()).as("B's health changed").isEqualTo(changes + 1);
        assertThat(vm.row(B).streamHealth()).isEqualTo(StreamHealth.STALLED);
        assertThat(vm.row(B).observation().streamHealthSince()).isEqualTo(T0.plusSeconds(104));
        assertThat(vm.row(A).revisionProperty().get()).isEqualTo(revision);
    }

    @Test
    void aWatchedIndexersDetailHearsOfItsStreamsNewUpdatedAt() {
        DetailHistory detail = new DetailHistory();
        AtomicInteger heardA = new AtomicInteger();
        detail.addListener(A, heardA::incrementAndGet);
        detail.acceptAll(List.of(streams(100, StreamHealth.RUNNING)));
        int before = heardA.get();

        detail.acceptAll(List.of(streams(102, StreamHealth.RUNNING)));

        assertThat(heardA.get()).isEqualTo(before + 1);
        assertThat(detail.stream(A).updatedAtSecs()).isEqualTo(102);
        assertThat(detail.healthChanges(A)).hasSize(1);
    }
}
