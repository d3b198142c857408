package dev.hoist.agent.local;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "local", mixinStandardHelpOptions = true, description = "Run a revision bundle on this machine, as a deployment would.")
public final class LocalCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
