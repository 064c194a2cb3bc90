export { startDemo, DemoError, DEMO_EMAIL, type DemoOptions, type RunningDemo } from './demo.ts';
export { storyFor } from './story.ts';
