package dev.watchkeeper.simulator;

/**
 * Where the simulated services listen. Like upstream, the coordinator, block streamer and runner
 * have a port each, plus one for the simulator's fault control; with {@code single} every service
 * shares the coordinator's port. Port 0 means any free port.
 */
public record Ports(int coordinator, int blockStreamer, int runner, int control, boolean single) {

    /** Upstream's defaults: coordinator 9003, block streamer 8002, runner 7001; control 9004. */
    public static Ports upstream() {
        return new Ports(9003, 8002, 7001, 9004, false);
    }

    /** Any free ports, one per service (tests and the demo). */
    public static Ports any() {
        return new Ports(0, 0, 0, 0, false);
    }

    /** Every service on one port. */
    public static Ports singlePort(int port) {
        return new Ports(port, port, port, port, true);
    }

    public Ports withCoordinator(int p) {
        return new Ports(p, blockStreamer, runner, control, single);
    }

    public Ports withBlockStreamer(int p) {
        return new Ports(coordinator, p, runner, control, single);
    }

    public Ports withRunner(int p) {
        return new Ports(coordinator, blockStreamer, p, control, single);
    }

    public Ports withControl(int p) {
        return new Ports(coordinator, blockStreamer, runner, p, single);
    }
}
