package dev.hoist.agent.exchange;

/**
 * What this agent sends its controller about deployments. The connection adds what every message
 * carries (the agent id, the sequence number).
 */
public sealed interface AgentReport permits CommandAnswer, BundleWanted, CommandReport, RouterAnswer {
}
