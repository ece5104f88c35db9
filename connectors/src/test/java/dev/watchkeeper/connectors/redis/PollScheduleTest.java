package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.demo.redis.LocalRedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A poll "every 500 ms" starts every 500 ms however long its rounds take, up to a rest after rounds longer than that. */
class PollScheduleTest {

    private LocalRedisServer server;
    private Loop loop;

    /** A reader whose one task is a round that takes {@code roundMs}. */
    private static final class Loop extends ReconnectingRedisLoop {
        final List<long[]> rounds = new CopyOnWriteArrayList<>();
        private final long roundMs;

        Loop(String uri, long roundMs) {
            super(RedisSettings.of(uri), null, Clock.systemUTC(), "poll-schedule-test");
            this.roundMs = roundMs;
        }

        @Override
        protected void onConnected() {
            everyFromStart(Duration.ofMillis(500), () -> {
                long start = System.nanoTime();
                LockSupport.parkNanos(roundMs * 1_000_000); // the round's own work: a read of a large fleet
                rounds.add(new long[] {start / 1_000_000, System.nanoTime() / 1_000_000});
            });
        }

        @Override
        protected void onDisconnected() {
        }

        @Override
        protected void publish(Report report) {
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = LocalRedisServer.start(LocalRedisServer.freePort(), List.of());
    }

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.close();
        }
        server.close();
    }

    @Test
    void roundsShorterThanThePeriodStartAPeriodApart() {
        loop = new Loop(server.uri(), 300);
        loop.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.rounds.size() >= 5);
        List<long[]> r = List.copyOf(loop.rounds);
        for (int i = 1; i < r.size(); i++) {
            long apart = r.get(i)[0] - r.get(i - 1)[0];
            // with a delay after each round they were 800 ms apart
            assertThat(apart).as("start to start, round %d", i).isBetween(480L, 700L);
        }
    }

    @Test
    void aRoundLongerThanThePeriodIsFollowedByAQuarterPeriodsRest() {
        loop = new Loop(server.uri(), 700);
        loop.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.rounds.size() >= 4);
        List<long[]> r = List.copyOf(loop.rounds);
        for (int i = 1; i < r.size(); i++) {
            long rest = r.get(i)[0] - r.get(i - 1)[1];
            assertThat(rest).as("from one round's end to the next one's start, round %d", i).isBetween(115L, 400L);
        }
    }
}
