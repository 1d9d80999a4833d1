export {
  createAppStore,
  selectCanStepBack,
  selectCanStepForward,
  type AppStoreApi,
} from './appStore';
export { httpScenarioSource, type StoreDeps } from './deps';
export { createWorkerClient, WorkerClient, WorkerCommandError } from './workerClient';
export * from './types';
