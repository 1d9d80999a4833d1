export {
  createAppStore,
  selectCanStepBack,
  selectCanStepForward,
  type AppStoreApi,
} from './appStore';
export { httpScenarioSource, type StoreDeps } from './deps';
export { createWorkerClient, WorkerClient, WorkerCommandError } from './workerClient';
export * from './types';
export type { ActionsActions, ActionsState } from './actionsSlice';
export { isSelected, type Selection } from './sceneSlice';
export { FOLLOW_TABLE, type DebugActions, type DebugState } from './debugSlice';
