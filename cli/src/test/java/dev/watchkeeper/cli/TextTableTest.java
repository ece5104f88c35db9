package dev.watchkeeper.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class TextTableTest {

    @Test
    void controlCharactersInAValueBecomeSpacesSoEveryRowStaysOnOneAlignedLine() {
        TextTable t = new TextTable("INDEXER", "PROBLEM", "STATE");
        t.add("a.near/one", "bad\nvalue\twith\u007fcontrols\r", "Running");
        t.add("b.near/two", "plain", "Stopped");

        String[] lines = print(t).split("\n");

        assertThat(lines).hasSize(3);
        assertThat(lines[1]).isEqualTo("a.near/one  bad value with controls   Running");
        assertThat(lines[2]).isEqualTo("b.near/two  plain                     Stopped");
        assertThat(lines[1].indexOf("Running")).isEqualTo(lines[0].indexOf("STATE"));
    }

    @Test
    void aLongCellIsCutWithAnEllipsisAndNullIsADash() {
        TextTable t = new TextTable("A", "B");
        t.add("x".repeat(100), null);

        String row = print(t).split("\n")[1];

        assertThat(row).startsWith("x".repeat(79) + "…  -");
    }

    private static String print(TextTable t) {
        StringWriter out = new StringWriter();
        t.print(new PrintWriter(out));
        return out.toString().replace("\r\n", "\n");
    }
}
