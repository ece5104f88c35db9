package dev.watchkeeper.model.incident;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.watchkeeper.model.attention.HumanDuration;
import dev.watchkeeper.model.audit.AuditEntry;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A postmortem report of one incident, as Markdown and as JSON: the title and evidence, the
 * timeline (members starting and recovering, commands issued), the members, the commands from the
 * audit log issued while it lasted, and the time to recovery.
 */
public final class IncidentReport {

    private static final JsonFactory JSON = new JsonFactory();

    /** One line of the timeline. */
    public record TimelineEntry(Instant time, String event, String subject, String detail) {
    }

    private final Incident incident;
    private final List<AuditEntry> commands;
    private final Instant generatedAt;

    /**
     * @param audit every audit entry that may matter (e.g. the log read since the incident began); only
     *              those written while the incident lasted are kept
     */
    public IncidentReport(Incident incident, List<AuditEntry> audit, Instant generatedAt) {
        this.incident = incident;
        this.generatedAt = generatedAt;
        this.commands = commandsDuring(incident, audit, generatedAt);
    }

    /** Audit entries written between the incident's start and its end (or {@code now} while it lasts). */
    public static List<AuditEntry> commandsDuring(Incident incident, List<AuditEntry> audit, Instant now) {
        Instant to = incident.end() == null ? now : incident.end();
        return audit.stream().filter(e -> !e.time().isBefore(incident.start()) && !e.time().isAfter(to))
                .sorted(Comparator.comparing(AuditEntry::time)).toList();
    }

    public List<AuditEntry> commands() {
        return commands;
    }

    public List<TimelineEntry> timeline() {
        List<TimelineEntry> out = new ArrayList<>();
        out.add(new TimelineEntry(incident.start(), "incident began", incident.id(), incident.title()));
        for (IncidentMember m : incident.members()) {
            out.add(new TimelineEntry(m.start(), "problem began", m.problem().subject(), m.problem().reason()));
            if (m.end() != null) {
                out.add(new TimelineEntry(m.end(), "recovered", m.problem().subject(), m.problem().kindLabel()));
            }
        }
        for (AuditEntry e : commands) {
            out.add(new TimelineEntry(e.time(), "command " + e.command(), String.join(", ", e.targets()),
                    e.outcome() + (e.detail().isEmpty() ? "" : ": " + e.detail())));
        }
        if (incident.end() != null) {
            out.add(new TimelineEntry(incident.end(), "incident resolved", incident.id(), "every member recovered"));
        }
        if (incident.unobserved()) {
            out.add(new TimelineEntry(incident.observedUntil(), "no longer observed", incident.id(),
                    "the console or recorder that grouped it stopped; whether and when it ended is unknown"));
        }
        // Stable: at equal times the incident's own lines keep their place around the members'.
        out.sort(Comparator.comparing(TimelineEntry::time));
        return out;
    }

    public String markdown(ZoneId zone) {
        DateTimeFormatter at = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z").withZone(zone);
        DateTimeFormatter hms = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(zone);
        StringBuilder md = new StringBuilder();
        md.append("# Incident ").append(incident.id()).append("\n\n");
        md.append("**").append(escape(incident.title())).append("**\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| began | ").append(at.format(incident.start())).append(" |\n");
        if (incident.unobserved()) {
            md.append("| ended | unknown: ").append(escape(incident.unobservedNote())).append(" |\n");
            md.append("| time to recovery | unknown (lasted at least ").append(HumanDuration.format(incident.duration(generatedAt))).append(") |\n");
        } else {
            md.append("| ended | ").append(incident.end() == null ? "not yet (as of " + at.format(generatedAt) + ")" : at.format(incident.end())).append(" |\n");
            md.append("| time to recovery | ").append(incident.timeToRecovery() == null
                    ? "not recovered (" + HumanDuration.format(incident.duration(generatedAt)) + " so far)"
                    : HumanDuration.format(incident.timeToRecovery())).append(" |\n");
        }
        md.append("| members | ").append(incident.size()).append(" (").append(incident.activeCount()).append(" still affected) |\n");
        md.append("| commands issued | ").append(commands.size()).append(" |\n\n");
        md.append("## Why these were grouped\n\n");
        for (String e : incident.evidence()) {
            md.append("- ").append(escape(e)).append('\n');
        }
        md.append("\n## Timeline\n\n| time | event | subject | detail |\n|---|---|---|---|\n");
        for (TimelineEntry t : timeline()) {
            md.append("| ").append(hms.format(t.time())).append(" | ").append(escape(t.event())).append(" | ")
                    .append(escape(t.subject())).append(" | ").append(escape(t.detail())).append(" |\n");
        }
        md.append("\n## Members\n\n| subject | problem | began | recovered | lasted | reason |\n|---|---|---|---|---|---|\n");
        for (IncidentMember m : incident.members()) {
            md.append("| ").append(escape(m.problem().subject())).append(" | ").append(escape(m.problem().kindLabel())).append(" | ")
                    .append(hms.format(m.start())).append(" | ").append(m.end() == null ? "—" : hms.format(m.end())).append(" | ")
                    .append(HumanDuration.format(m.duration(incident.seenUntil(generatedAt)))).append(" | ").append(escape(m.problem().reason())).append(" |\n");
        }
        md.append("\n## Commands issued during the incident\n\n");
        if (commands.isEmpty()) {
            md.append("None.\n");
        } else {
            md.append("| time | user | command | targets | reason | outcome |\n|---|---|---|---|---|---|\n");
            for (AuditEntry e : commands) {
                md.append("| ").append(hms.format(e.time())).append(" | ").append(escape(e.user())).append(" | ")
                        .append(escape(e.command())).append(" | ").append(escape(String.join(", ", e.targets()))).append(" | ")
                        .append(escape(e.reason())).append(" | ").append(escape(e.outcome())).append(" |\n");
            }
        }
        md.append("\n_Generated ").append(at.format(generatedAt)).append(" by Watchkeeper._\n");
        return md.toString();
    }

    public String json() {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            writeFields(g, incident, generatedAt, true);
            g.writeArrayFieldStart("commands");
            for (AuditEntry e : commands) {
                // As the audit log has it (its hash chain included), so the report can be checked against the log.
                g.writeRawValue(e.toJson());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("timeline");
            for (TimelineEntry t : timeline()) {
                g.writeStartObject();
                g.writeStringField("time", t.time().toString());
                g.writeStringField("event", t.event());
                g.writeStringField("subject", t.subject());
                g.writeStringField("detail", t.detail());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString() + "\n";
    }

    /** The incident's own fields (no enclosing object): shared with the CLI's JSON. */
    public static void writeFields(JsonGenerator g, Incident i, Instant now, boolean withMembers) throws IOException {
        g.writeStringField("id", i.id());
        g.writeStringField("kind", i.kind());
        g.writeStringField("title", i.title());
        g.writeStringField("status", i.statusWord());
        g.writeStringField("start", i.start().toString());
        if (i.observedUntil() == null) {
            g.writeNullField("observedUntil");
        } else {
            g.writeStringField("observedUntil", i.observedUntil().toString());
        }
        if (i.end() == null) {
            g.writeNullField("end");
            g.writeNullField("timeToRecoverySeconds");
        } else {
            g.writeStringField("end", i.end().toString());
            g.writeNumberField("timeToRecoverySeconds", i.timeToRecovery().toSeconds());
        }
        g.writeNumberField("durationSeconds", i.duration(now).toSeconds());
        g.writeNumberField("members", i.size());
        g.writeNumberField("stillAffected", i.activeCount());
        g.writeArrayFieldStart("evidence");
        for (String e : i.evidence()) {
            g.writeString(e);
        }
        g.writeEndArray();
        if (!withMembers) {
            return;
        }
        g.writeArrayFieldStart("memberList");
        for (IncidentMember m : i.members()) {
            Problem p = m.problem();
            g.writeStartObject();
            g.writeStringField("subject", p.subject());
            g.writeStringField("kind", p.kind());
            g.writeStringField("start", m.start().toString());
            if (m.end() == null) {
                g.writeNullField("end");
            } else {
                g.writeStringField("end", m.end().toString());
            }
            g.writeStringField("reason", p.reason());
            if (p.blockHeight() != null) {
                g.writeNumberField("blockHeight", p.blockHeight());
            }
            if (p.epochId() != null) {
                g.writeNumberField("epochId", p.epochId());
                g.writeStringField("stateId", p.stateId());
                g.writeStringField("error", p.error());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** Table cells: a pipe or a line break would cut the row. */
    private static String escape(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
