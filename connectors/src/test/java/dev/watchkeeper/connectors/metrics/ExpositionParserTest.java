package dev.watchkeeper.connectors.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExpositionParserTest {

    /** The shape prom-client (runner) writes: HELP, TYPE, histogram buckets with le, counters without _total. */
    static final String RUNNER = """
            # HELP queryapi_runner_execution_duration_seconds Time taken to execute an indexer function
            # TYPE queryapi_runner_execution_duration_seconds histogram
            queryapi_runner_execution_duration_seconds_bucket{le="0.1",indexer="morgs.near/test"} 3
            queryapi_runner_execution_duration_seconds_bucket{le="+Inf",indexer="morgs.near/test"} 4
            queryapi_runner_execution_duration_seconds_sum{indexer="morgs.near/test"} 1.25
            queryapi_runner_execution_duration_seconds_count{indexer="morgs.near/test"} 4

            # HELP queryapi_runner_logs_count Number of messages logged
            # TYPE queryapi_runner_logs_count counter
            queryapi_runner_logs_count{level="error"} 7 1700000000000
            queryapi_runner_heap_used_megabytes{indexer="a.near/f \\"quoted\\" \\\\ back\\nslash"} NaN
            queryapi_runner_cache_hit +Inf
            queryapi_runner_cache_miss -Inf
            """;

    @Test
    void readsSamplesLabelsTypesTimestampsAndSpecialValues() {
        Exposition e = ExpositionParser.parse(RUNNER);
        assertThat(e.problems()).isEmpty();
        assertThat(e.samples()).hasSize(8);
        assertThat(e.type("queryapi_runner_execution_duration_seconds")).isEqualTo("histogram");
        Sample first = e.samples().getFirst();
        assertThat(first.name()).isEqualTo("queryapi_runner_execution_duration_seconds_bucket");
        assertThat(first.label("le")).isEqualTo("0.1");
        assertThat(first.label("indexer")).isEqualTo("morgs.near/test");
        assertThat(e.samples("queryapi_runner_logs_count").getFirst().timestampMs()).isEqualTo(1_700_000_000_000L);
        assertThat(e.samples("queryapi_runner_heap_used_megabytes").getFirst().label("indexer")).isEqualTo("a.near/f \"quoted\" \\ back\nslash");
        assertThat(e.samples("queryapi_runner_heap_used_megabytes").getFirst().value()).isNaN();
        assertThat(e.samples("queryapi_runner_cache_hit").getFirst().value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(e.samples("queryapi_runner_cache_miss").getFirst().value()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void skipsBrokenLinesSayingWhichAndKeepsTheRest() {
        Exposition e = ExpositionParser.parse("""
                good_one 1
                bad_escape{a="x\\qy"} 2
                bad_number 0x10
                java_suffix 1.5d
                dup{a="1",a="2"} 3
                unclosed{a="1" 4
                9starts_with_digit 5
                trailing 6 7 8
                good_two{a="b",} 2e3\r
                """);
        assertThat(e.samples()).extracting(Sample::name).containsExactly("good_one", "good_two");
        assertThat(e.samples("good_two").getFirst().value()).isEqualTo(2000);
        assertThat(e.badLines()).isEqualTo(7);
        assertThat(e.problems()).contains("line 2: bad escape '\\q' in a label value", "line 3: '0x10' is not a number",
                "line 5: label a given twice");
    }

    @Test
    void aHugeLineIsSkippedWithoutLosingTheNextOne() {
        String huge = "x{a=\"" + "y".repeat(5_000_000) + "\"} 1\n";
        Exposition e = ExpositionParser.parse(huge + "after 2\n");
        assertThat(e.samples()).extracting(Sample::name).containsExactly("after");
        assertThat(e.problems()).containsExactly("line 1: longer than 65536 characters");
    }

    @Test
    void emptyAndNullTextAreEmptyScrapes() {
        assertThat(ExpositionParser.parse(null).samples()).isEmpty();
        assertThat(ExpositionParser.parse("\n\n# just a comment\n").samples()).isEmpty();
    }

    @Test
    void histogramQuantileInterpolatesLikePrometheus() {
        List<Histograms.Bucket> b = List.of(new Histograms.Bucket(0.1, 50), new Histograms.Bucket(1, 90),
                new Histograms.Bucket(5, 100), new Histograms.Bucket(Double.POSITIVE_INFINITY, 100));
        // rank 95 falls in (1, 5]: 1 + 4 * (95 - 90) / (100 - 90)
        assertThat(Histograms.quantile(0.95, b)).isEqualTo(3.0);
        assertThat(Histograms.quantile(0.5, b)).isEqualTo(0.1);
        assertThat(Histograms.quantile(0.95, List.of(new Histograms.Bucket(1, 0), new Histograms.Bucket(Double.POSITIVE_INFINITY, 10))))
                .as("in the +Inf bucket: the highest finite bound").isEqualTo(1.0);
        assertThat(Histograms.quantile(0.95, List.of(new Histograms.Bucket(Double.POSITIVE_INFINITY, 0)))).isNull();
        assertThat(Histograms.quantile(0.95, List.of(new Histograms.Bucket(1, 5)))).as("no +Inf bucket").isNull();
    }
}
