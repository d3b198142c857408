package dev.hoist.controller.core.deploy;

import java.util.List;
import java.util.Optional;

/** Applications. */
public interface ApplicationStore {

    /** {@code false} when an application of that name exists already. */
    boolean insert(Application application);

    Optional<Application> find(String name);

    List<Application> list();
}
