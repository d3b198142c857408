package dev.hoist.controller.config;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.CheckCommand;
import net.sourceforge.argparse4j.inf.Argument;
import net.sourceforge.argparse4j.inf.Subparser;

/** {@code check [config.yml]}: validates the configuration, with the same optional file as {@code server}. */
public final class OptionalFileCheckCommand<T extends Configuration> extends CheckCommand<T> {

    public OptionalFileCheckCommand(Application<T> application) {
        super(application);
    }

    @Override
    protected Argument addFileArgument(Subparser subparser) {
        return super.addFileArgument(subparser).setDefault(DefaultsConfigurationSourceProvider.NO_FILE);
    }
}
