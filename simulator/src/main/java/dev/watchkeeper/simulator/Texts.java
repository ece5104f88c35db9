package dev.watchkeeper.simulator;

import dev.watchkeeper.model.IndexerId;

/** Realistic error texts, as QueryAPI's provisioner and runner print them. */
final class Texts {

    private static final String[] PROVISIONING = {
        "Failed to provision endpoint: error: permission denied for schema %s",
        "Failed to run migrations: relation \"%s.posts\" already exists",
        "Failed to create database: Hasura metadata API returned 500 Internal Server Error",
        "Failed to add permissions to tables: connect ECONNREFUSED 10.0.3.7:5432",
    };
    private static final String[] EXECUTION = {
        "TypeError: Cannot read properties of undefined (reading 'actions')",
        "GraphQL mutation failed: duplicate key value violates unique constraint \"posts_pkey\"",
        "Failed to get block: connect ETIMEDOUT 52.217.12.4:443",
        "Error: Query timeout after 60000ms",
        "RangeError: Maximum call stack size exceeded",
    };

    private Texts() {
    }

    static String schema(IndexerId id) {
        return (id.accountId() + "_" + id.functionName()).replaceAll("[^A-Za-z0-9_]", "_");
    }

    static String provisioningError(IndexerId id, long n) {
        return "Provisioning failed: " + String.format(PROVISIONING[(int) (Math.abs(n) % PROVISIONING.length)], schema(id));
    }

    static String executionError(long block, long n) {
        return "Error processing block " + block + ": " + EXECUTION[(int) (Math.abs(n) % EXECUTION.length)];
    }
}
