/**
 * What the controller and this agent say to each other about deployments, in plain Java: the commands
 * that come in ({@link dev.hoist.agent.exchange.Deploy}, {@link dev.hoist.agent.exchange.Cancel},
 * {@link dev.hoist.agent.exchange.BundlePart}, {@link dev.hoist.agent.exchange.ResultAcknowledged}), the
 * reports that go out ({@link dev.hoist.agent.exchange.AgentReport}), and the two ports between the
 * deployment work and the connection ({@link dev.hoist.agent.exchange.DeploymentMessageHandler} in,
 * {@link dev.hoist.agent.exchange.ControllerLink} out).
 *
 * <p>No generated protobuf type appears here: {@code connection.WireTranslator} is the one place that
 * turns these into wire messages and back, field for field.
 */
package dev.hoist.agent.exchange;
