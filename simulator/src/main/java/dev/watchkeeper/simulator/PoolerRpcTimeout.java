package dev.watchkeeper.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pooler side of {@link IncidentScenario#POOLER_RPC_TIMEOUT}: the next epoch's SNAPSHOT_BUILD
 * fails for the planned projects with the RPC helper's timeout error, each text carrying the
 * project's own contract and block range as upstream's does (PowerLoom/pooler 8e0cc0c
 * {@code snapshotter/utils/snapshot_worker.py}, {@code snapshotter/utils/rpc.py}).
 */
final class PoolerRpcTimeout {

    private PoolerRpcTimeout() {
    }

    /** @return the epoch that will fail */
    static long inject(PoolerSnapshotter pooler, IncidentScenario.Plan plan) {
        long epoch = pooler.currentEpoch() + 1;
        pooler.failBuilds(epoch, errors(pooler.projects(), plan, epoch));
        return epoch;
    }

    static Map<String, String> errors(List<String> projects, IncidentScenario.Plan plan, long epoch) {
        Map<String, String> out = new LinkedHashMap<>();
        long fromBlock = 18_000_000L + epoch * 10;
        for (IncidentScenario.Failure f : plan.failures()) {
            String project = projects.get(f.index());
            out.put(project, IncidentScenario.rpcTimeoutError(contract(project), fromBlock));
        }
        return out;
    }

    /** The contract the project's RPC request asks about: its own 0x address, else one derived from its ID. */
    static String contract(String projectId) {
        String[] parts = projectId.split(":");
        if (parts.length >= 3 && parts[1].matches("0x[0-9a-f]{40}")) {
            return parts[1];
        }
        return "0x" + Hashes.sha256Hex(projectId).substring(0, 40);
    }
}
