package dev.watchkeeper.simulator;

import dev.watchkeeper.model.IndexerId;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Realistic NEAR account and function names, deterministic for a seed. */
final class IndexerNames {

    private static final String[] ACCOUNTS = {
        "morgs.near", "dataplatform.near", "flatirons.near", "bucanero.near", "roshaan.near", "nearpavel.near",
        "kevin0.near", "darunrs.near", "pepe.near", "sweat_welcome.near", "social.near", "mintbase.near",
        "paras.near", "ref-finance.near", "meta-pool.near", "aurora.near", "harvestmoon.near", "nearcrowd.near",
        "playible.near", "tonic.near", "burrow.near", "linear-protocol.near", "sputnik-dao.near", "nft.genadrop.near",
    };
    private static final String[] FUNCTIONS = {
        "social_feed", "test", "nft_indexer", "token_transfers", "dao_proposals", "staking_rewards",
        "access_keys_v1", "near n fast", "ft_balances", "receipts.v2", "components/widgets", "posts_and_comments",
        "swap_events", "bridge_transfers", "account_activity", "mint_events",
    };

    private IndexerNames() {
    }

    static List<IndexerId> generate(int count, long seed) {
        Random rnd = new Random(seed);
        Set<IndexerId> out = new LinkedHashSet<>();
        int generation = 0;
        while (out.size() < count) {
            String account = ACCOUNTS[rnd.nextInt(ACCOUNTS.length)];
            if (generation > 0 || out.size() >= ACCOUNTS.length * FUNCTIONS.length / 2) {
                account = account.replace(".near", rnd.nextInt(100_000) + ".near");
            }
            String function = FUNCTIONS[rnd.nextInt(FUNCTIONS.length)];
            if (!out.add(new IndexerId(account, function))) {
                generation++;
            }
        }
        return new ArrayList<>(out);
    }
}
