package dev.watchkeeper.simulator;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulated control plane standalone, for rehearsals against a Redis of the operator's
 * choice: {@code simulator --redis redis://127.0.0.1:6379 --indexers 500 --coordinator-port 9003}.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String redis = "redis://127.0.0.1:6379";
        int port = 9003;
        SimConfig config = SimConfig.defaults();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--redis" -> { redis = need(a, v); i++; }
                case "--indexers" -> { config = config.withIndexers(Integer.parseInt(need(a, v))); i++; }
                case "--coordinator-port" -> { port = Integer.parseInt(need(a, v)); i++; }
                case "--seed" -> { config = config.withSeed(Long.parseLong(need(a, v))); i++; }
                case "--time-factor" -> { config = config.withTimeFactor(Double.parseDouble(need(a, v))); i++; }
                case "--help", "-h" -> { usage(); return; }
                default -> { System.err.println("unknown option " + a); usage(); System.exit(2); }
            }
        }
        ControlPlane plane = ControlPlane.start(redis, port, config);
        System.out.println("simulator: " + config.indexers() + " indexers on " + redis + ", coordinator on " + plane.coordinatorTarget());
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            plane.close();
            done.countDown();
        }));
        done.await();
    }

    private static String need(String option, String value) {
        if (value == null) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return value;
    }

    private static void usage() {
        System.out.println("simulator --redis URI [--indexers N] [--coordinator-port P] [--seed S] [--time-factor F]");
    }
}
