package dev.watchkeeper.simulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioTest {

    @Test
    void parsesStepsInTimeOrderKeepingSpacesInFunctionNames() {
        Scenario s = Scenario.parse("""
                # rehearsal
                2m   restart-redis
                10s  stall-stream      morgs.near/near n fast
                1500ms executor-failing #3

                90   slow-coordinator 2s
                3m   chaos 7 0.5
                """);
        assertThat(s.steps()).extracting(Scenario.Step::action).containsExactly(Scenario.Action.EXECUTOR_FAILING,
                Scenario.Action.STALL_STREAM, Scenario.Action.SLOW_COORDINATOR, Scenario.Action.RESTART_REDIS, Scenario.Action.CHAOS);
        assertThat(s.steps().get(0).at()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.steps().get(1).argument()).isEqualTo("morgs.near/near n fast");
        assertThat(s.steps().get(2).at()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.steps().get(3).at()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void namesTheLineOfAMistake() {
        assertThatThrownBy(() -> Scenario.parse("10s stall-stream a.near/b\nsoon kill-coordinator"))
                .hasMessageContaining("line 2").hasMessageContaining("not a time");
        assertThatThrownBy(() -> Scenario.parse("\n\n5s explode a.near/b")).hasMessageContaining("line 3").hasMessageContaining("unknown action");
        assertThatThrownBy(() -> Scenario.parse("5s stall-stream")).hasMessageContaining("line 1").hasMessageContaining("needs an indexer");
        assertThatThrownBy(() -> Scenario.parse("5s chaos 7")).hasMessageContaining("chaos needs");
        assertThatThrownBy(() -> Scenario.parse("5s churn lots")).hasMessageContaining("bad number");
    }

    @Test
    void commandLineOptionsBuildTheConfiguration() {
        SimulatorMain.Options o = SimulatorMain.parse(new String[] {"--redis", "redis://10.0.0.1:6380", "--indexers", "10000",
            "--seed", "9", "--time-factor", "20", "--churn", "1000", "--projects", "2000", "--single-port", "--coordinator-port", "9100"});
        assertThat(o.redis()).isEqualTo("redis://10.0.0.1:6380");
        assertThat(o.config().indexers()).isEqualTo(10_000);
        assertThat(o.config().seed()).isEqualTo(9);
        assertThat(o.config().timeFactor()).isEqualTo(20);
        assertThat(o.config().churnPerSecond()).isEqualTo(1000);
        assertThat(o.config().projectsPerEpoch()).isEqualTo(2000);
        assertThat(o.ports()).isEqualTo(Ports.singlePort(9100));
        assertThat(SimulatorMain.parse(new String[] {}).ports()).isEqualTo(Ports.upstream());
        assertThat(SimulatorMain.parse(new String[] {"--help"})).isNull();
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--indexers", "many"})).hasMessageContaining("not a number");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--bogus", "1"})).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--seed"})).hasMessageContaining("needs a value");
    }
}
