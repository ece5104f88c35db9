package dev.watchkeeper.app.fleet;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.StreamStatus;

import java.util.Map;

/**
 * The block streamer's newest listing, shared by a fleet's rows (FX thread only). A listing that
 * moved only streams' {@code updated_at}, as every health check upstream does, replaces this map
 * and touches no row: a row reads its stream's {@code updated_at} here.
 */
final class LatestStreams {

    Map<IndexerId, StreamStatus> byId = Map.of();

    StreamStatus get(IndexerId id) {
        return byId.get(id);
    }
}
