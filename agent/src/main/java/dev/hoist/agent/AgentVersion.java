package dev.hoist.agent;

import picocli.CommandLine;

/** The agent's version, from the jar manifest ({@code dev} when run from classes). */
public final class AgentVersion implements CommandLine.IVersionProvider {

    public static String current() {
        String version = AgentVersion.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"hoist-agent " + current()};
    }
}
