package dev.watchkeeper.connectors.metrics;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile and random input: the parser never throws, reads back what a writer wrote, and loses no good line to a bad one. */
class ExpositionParserPropertyTest {

    @Property(tries = 500)
    void anyTextParsesWithoutThrowingIntoValidNames(@ForAll @StringLength(max = 2000) String text) {
        Exposition e = ExpositionParser.parse(text);
        for (Sample s : e.samples()) {
            assertThat(s.name()).matches("[a-zA-Z_:][a-zA-Z0-9_:]*");
            for (int i = 0; i < s.labels().length; i += 2) {
                assertThat(s.labels()[i]).matches("[a-zA-Z_][a-zA-Z0-9_]*");
            }
        }
        assertThat(e.problems().size()).isLessThanOrEqualTo(ExpositionParser.MAX_PROBLEMS);
    }

    @Property(tries = 300)
    void readsBackEverySampleAWriterWrote(@ForAll("sampleLists") List<Sample> samples) {
        StringBuilder text = new StringBuilder("# HELP x some help with \\\\ and \\n\n");
        samples.forEach(s -> text.append(write(s)).append('\n'));
        Exposition e = ExpositionParser.parse(text.toString());
        assertThat(e.problems()).isEmpty();
        assertThat(e.samples()).containsExactlyElementsOf(samples);
    }

    @Property(tries = 300)
    void aBrokenLineNeverTakesAGoodOneWithIt(@ForAll("sampleLists") List<Sample> samples,
                                             @ForAll("garbage") List<String> garbage) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < samples.size(); i++) {
            if (i < garbage.size()) {
                text.append(garbage.get(i)).append('\n');
            }
            text.append(write(samples.get(i))).append('\n');
        }
        assertThat(ExpositionParser.parse(text.toString()).samples()).containsSubsequence(samples);
    }

    @Property(tries = 3)
    void aHundredThousandSeriesAreAllRead(@ForAll("samples") Sample template) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            text.append(template.name()).append("{indexer=\"acc").append(i).append(".near/f\"} ").append(i).append('\n');
        }
        Exposition e = ExpositionParser.parse(text.toString());
        assertThat(e.samples()).hasSize(100_000);
        assertThat(e.samples().get(99_999).label("indexer")).isEqualTo("acc99999.near/f");
    }

    @Provide
    Arbitrary<Sample> samples() {
        Arbitrary<String> metric = Arbitraries.strings().withCharRange('a', 'z').withChars('_', ':', 'A', 'Z', '0', '9')
                .ofMinLength(1).ofMaxLength(30).filter(s -> !Character.isDigit(s.charAt(0)));
        Arbitrary<String> labelName = Arbitraries.strings().withCharRange('a', 'z').withChars('_', '0', '9')
                .ofMinLength(1).ofMaxLength(12).filter(s -> !Character.isDigit(s.charAt(0)));
        Arbitrary<String> labelValue = Arbitraries.strings().all().ofMaxLength(20);
        Arbitrary<String[]> labels = Combinators.combine(labelName, labelValue).as((k, v) -> new String[]{k, v})
                .list().ofMaxSize(4).uniqueElements(p -> p[0])
                .map(list -> list.stream().flatMap(p -> java.util.stream.Stream.of(p[0], p[1])).toArray(String[]::new));
        Arbitrary<Double> value = Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.MAX_VALUE, Double.MIN_VALUE, -0.0, 0.0, 1e-300));
        Arbitrary<Long> ts = Arbitraries.oneOf(Arbitraries.just(Sample.NO_TIMESTAMP), Arbitraries.longs().between(-1L << 50, 1L << 50));
        return Combinators.combine(metric, labels, value, ts).as(Sample::new);
    }

    @Provide
    Arbitrary<List<Sample>> sampleLists() {
        return samples().list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<List<String>> garbage() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(200).filter(s -> s.indexOf('\n') < 0),
                Arbitraries.of("x{a=\"\\z\"} 1", "x{a=\"", "x 1.0f", "x{a=\"1\",a=\"2\"} 3", "{} 1", "x NaNa", "x 1 2 3",
                        "x{=\"v\"} 1", "# TYPE x wobbly", "x \"1\"", "x{a=\"v\"}1")).list().ofMaxSize(20);
    }

    /** Writes a sample as the text format says (label values escaped; special values spelled as Prometheus does). */
    static String write(Sample s) {
        StringBuilder b = new StringBuilder(s.name());
        if (s.labels().length > 0) {
            b.append('{');
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < s.labels().length; i += 2) {
                parts.add(s.labels()[i] + "=\"" + s.labels()[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"");
            }
            b.append(String.join(",", parts)).append('}');
        }
        double v = s.value();
        b.append(' ').append(Double.isNaN(v) ? "NaN" : v == Double.POSITIVE_INFINITY ? "+Inf" : v == Double.NEGATIVE_INFINITY ? "-Inf" : Double.toString(v));
        if (s.timestampMs() != Sample.NO_TIMESTAMP) {
            b.append(' ').append(s.timestampMs());
        }
        return b.toString();
    }
}
