package dev.watchkeeper.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;
import java.util.TreeMap;

/** An epoch's state counts as the JSON object stored in epoch_event.states (sorted, so equal maps store equal text). */
final class EpochStatesJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EpochStatesJson() {
    }

    static String write(Map<String, Integer> states) {
        try {
            return MAPPER.writeValueAsString(new TreeMap<>(states));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings to numbers always serialises", e);
        }
    }

    static Map<String, Integer> read(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<TreeMap<String, Integer>>() {
            });
        } catch (JsonProcessingException e) {
            throw new HistoryException("epoch states in the history store are not a JSON object of counts: " + json, e);
        }
    }
}
