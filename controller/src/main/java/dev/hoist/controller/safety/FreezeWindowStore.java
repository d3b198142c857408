package dev.hoist.controller.safety;

import java.util.List;
import java.util.Optional;

/** Freeze windows, as {@code hoist freeze} keeps them. */
public interface FreezeWindowStore {

    void insert(FreezeWindow window);

    /** Oldest first. */
    List<FreezeWindow> list();

    Optional<FreezeWindow> find(String id);

    /** {@code false} when there was no such window. */
    boolean delete(String id);
}
