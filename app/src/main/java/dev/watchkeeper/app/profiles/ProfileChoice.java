package dev.watchkeeper.app.profiles;

import java.util.List;

/**
 * A connection profile as the switcher lists it.
 *
 * @param name        unique name shown in the switcher
 * @param description where it connects (coordinator, Redis), for the tooltip
 * @param readOnly    every command disabled for this profile
 * @param warnings    what is insecure about it as written (plaintext to a remote host...), empty when nothing
 */
public record ProfileChoice(String name, String description, boolean readOnly, List<String> warnings) {

    public ProfileChoice {
        warnings = List.copyOf(warnings);
    }

    public ProfileChoice(String name, String description, boolean readOnly) {
        this(name, description, readOnly, List.of());
    }

    @Override
    public String toString() {
        return name;
    }
}
