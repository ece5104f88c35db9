package dev.watchkeeper.connectors.grpc;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;

import java.util.concurrent.TimeUnit;

/** Builds gRPC channels. */
public final class Channels {

    private Channels() {
    }

    public static ManagedChannel plaintext(String target) {
        return Grpc.newChannelBuilder(target, InsecureChannelCredentials.create())
                .keepAliveTime(30, TimeUnit.SECONDS)
                .build();
    }
}
