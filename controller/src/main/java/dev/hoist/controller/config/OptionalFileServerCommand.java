package dev.hoist.controller.config;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.ServerCommand;
import net.sourceforge.argparse4j.inf.Argument;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code server [config.yml]}: Dropwizard's server command, where a missing file means "the defaults"
 * and still goes through {@link DefaultsConfigurationSourceProvider}, so defaults, environment variable
 * substitution and {@code dw.} system property overrides apply the same way with or without a file.
 */
public final class OptionalFileServerCommand<T extends Configuration> extends ServerCommand<T> {

    public OptionalFileServerCommand(Application<T> application) {
        super(application);
    }

    @Override
    protected Argument addFileArgument(Subparser subparser) {
        return super.addFileArgument(subparser)
                .setDefault(DefaultsConfigurationSourceProvider.NO_FILE)
                .help("configuration file (optional: without it, the defaults of docs/operations.md apply)");
    }
}
