package dev.watchkeeper.app.support;

import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.model.audit.AuditLog;

import java.time.Duration;

/** A console session on a demo stack as the window tests use it: coordinator and Redis only, 2-s polls, 5-s deadlines. */
public final class DemoSessions {

    private DemoSessions() {
    }

    public static ConsoleSession open(DemoStack demo) {
        return new ConsoleSession(ConsoleSession.adHocProfile("test", demo.coordinatorTarget(), demo.redisUri(), null, null,
                null, Duration.ofSeconds(2), Duration.ofSeconds(5), false), AuditLog.atDefaultLocation());
    }
}
