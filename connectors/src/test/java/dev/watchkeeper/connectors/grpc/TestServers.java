package dev.watchkeeper.connectors.grpc;

import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Real gRPC servers on loopback, port 0, recording the authorization header each call carried. */
final class TestServers {

    /** A running server and the authorization headers it has seen (null entries: none sent). */
    record Running(Server server, List<String> authorizations) implements AutoCloseable {
        String target() {
            return "127.0.0.1:" + server.getPort();
        }

        String localhostTarget() {
            return "localhost:" + server.getPort();
        }

        @Override
        public void close() throws InterruptedException {
            server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
    }

    private TestServers() {
    }

    static Running start(BindableService... services) throws IOException {
        return start(InsecureServerCredentials.create(), 0, services);
    }

    static Running start(ServerCredentials credentials, int port, BindableService... services) throws IOException {
        List<String> auth = new CopyOnWriteArrayList<>();
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
                String value = headers.get(BearerToken.AUTHORIZATION);
                auth.add(value == null ? "<none>" : value);
                return next.startCall(call, headers);
            }
        };
        var builder = Grpc.newServerBuilderForPort(port, credentials);
        for (BindableService s : services) {
            builder.addService(ServerInterceptors.intercept(s, recorder));
        }
        return new Running(builder.build().start(), auth);
    }
}
