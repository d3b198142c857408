-- Groups that converge (docs/orchestrator.md, "Converging groups"): automatic deployments to hosts that
-- join a group or come back to it, and what `hoist group status` shows of each host.

-- The group's setting: OFF | NEW_HOSTS | ALL. Existing groups get the default of new groups: nothing happens
-- until a host joins (a group with no successful deployment has no revision to give it).
ALTER TABLE deployment_groups ADD COLUMN auto_deploy VARCHAR(16) NOT NULL DEFAULT 'NEW_HOSTS';

-- The hosts a deployment is for, as JSON ["agt-..."]: automatic deployments name theirs; null is the whole group.
ALTER TABLE deployments ADD COLUMN target_agent_ids VARCHAR(8000);

-- How the host's last deployment of the group ended there: the deployment, and its failure class and message.
ALTER TABLE group_hosts ADD COLUMN last_deployment_id VARCHAR(64);
ALTER TABLE group_hosts ADD COLUMN failure VARCHAR(32);
ALTER TABLE group_hosts ADD COLUMN message VARCHAR(4000);
