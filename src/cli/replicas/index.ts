export { ReplicaSupervisor } from './ReplicaSupervisor.js';
export type { ReplicaSupervisorEvents, ReplicaSupervisorOptions } from './ReplicaSupervisor.js';
export { runReplicas } from './runReplicas.js';
export { takeReplicasOption } from './takeReplicasOption.js';
export { replicaObservabilityArgs } from './replicaObservabilityArgs.js';
export type { ReplicaObservabilityOptions } from './replicaObservabilityArgs.js';
