/** A worker thread's entry bundled to one CommonJS text (scripts/threadBundle.mjs, jobs/thread.ts). */
declare module '*?thread' {
  const code: string;
  export default code;
}
