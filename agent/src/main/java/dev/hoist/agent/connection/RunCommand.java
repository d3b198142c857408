package dev.hoist.agent.connection;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Connect to the controller and run deployments until stopped.")
public final class RunCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
